"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


def build_conv_gru():
    inputs = keras.Input(shape=(6, 64), name="x")
    pool = layers.MaxPooling1D(pool_size=2, strides=2, name="pool")
    inputs_nwc = ops.transpose(inputs, axes=(0, 2, 1))
    x = layers.Conv1D(16, 5, padding="same", activation="relu", name="conv1")(inputs_nwc)
    x = pool(x)
    x = layers.Conv1D(32, 3, padding="same", activation="relu", name="conv2")(x)
    x = pool(x)
    x = layers.GRU(24, reset_after=True, name="gru")(x)
    x = layers.Dense(5, name="head")(x)
    return keras.Model(inputs, x, name="conv_gru")
