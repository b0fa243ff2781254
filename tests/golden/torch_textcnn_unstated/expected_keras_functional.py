"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


def build_text_cnn(vocab_size=5000, embed_dim=100, n_filters=64, n_classes=2):
    inputs = keras.Input(shape=(None,), dtype="int64", name="x")
    x = layers.Embedding(vocab_size, embed_dim, name="embedding")(inputs)
    x = layers.Conv1D(n_filters, 3, padding="same", name="conv")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn")(x)
    x = keras.activations.relu(x)
    x = layers.GlobalMaxPooling1D(keepdims=True, name="pool")(x)
    x = ops.squeeze(x, axis=1)
    x = layers.Dense(n_classes, name="fc")(x)
    return keras.Model(inputs, x, name="text_cnn")
