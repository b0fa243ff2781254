"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers


class ConvGRU(keras.Sequential):
    def __init__(self, **kwargs):
        super().__init__(
            [
                keras.Input(shape=(6, 64)),
                layers.Permute((2, 1), name="x_nwc"),
                layers.Conv1D(16, 5, padding="same", activation="relu", name="conv1"),
                layers.MaxPooling1D(pool_size=2, strides=2, name="pool"),
                layers.Conv1D(32, 3, padding="same", activation="relu", name="conv2"),
                layers.MaxPooling1D(pool_size=2, strides=2, name="pool_1"),
                layers.GRU(24, reset_after=True, name="gru"),
                layers.Dense(5, name="head"),
            ],
            **kwargs,
        )
