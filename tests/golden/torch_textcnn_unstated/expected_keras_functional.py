"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


def build_text_cnn():
    x = keras.Input(shape=(None,), dtype="int64", name="x")
    x_1 = layers.Embedding(5000, 100, name="embedding")(x)
    x_2 = layers.Conv1D(64, 3, padding="same", name="conv")(x_1)
    x_3 = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn")(x_2)
    x_4 = keras.activations.relu(x_3)
    x_5 = layers.GlobalMaxPooling1D(keepdims=True, name="pool")(x_4)
    x_6 = ops.squeeze(x_5, axis=1)
    x_6 = layers.Dense(2, name="fc")(x_6)
    return keras.Model(x, x_6, name="text_cnn")
