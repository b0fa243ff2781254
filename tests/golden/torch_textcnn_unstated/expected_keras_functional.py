"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


def build_text_cnn():
    inputs = keras.Input(shape=(None,), dtype="int64", name="x")
    x = layers.Embedding(5000, 100, name="embedding")(inputs)
    x = layers.Conv1D(64, 3, padding="same", name="conv")(x)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn")(x)
    x = keras.activations.relu(x)
    x = layers.GlobalMaxPooling1D(keepdims=True, name="pool")(x)
    x = ops.squeeze(x, axis=1)
    x = layers.Dense(2, name="fc")(x)
    return keras.Model(inputs, x, name="text_cnn")
