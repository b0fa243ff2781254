"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


def build_conv_gru():
    x = keras.Input(shape=(6, 64), name="x")
    pool = layers.MaxPooling1D(pool_size=2, strides=2, name="pool")
    x_nwc = ops.transpose(x, axes=(0, 2, 1))
    x_1 = layers.Conv1D(16, 5, padding="same", activation="relu", name="conv1")(x_nwc)
    x_2 = pool(x_1)
    x_3 = layers.Conv1D(32, 3, padding="same", activation="relu", name="conv2")(x_2)
    x_4 = pool(x_3)
    x_4 = layers.GRU(24, reset_after=True, name="gru")(x_4)
    x_4 = layers.Dense(5, name="head")(x_4)
    return keras.Model(x, x_4, name="conv_gru")
