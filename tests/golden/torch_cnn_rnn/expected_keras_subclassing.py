"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


class ConvGRU(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv1D(16, 5, padding="same", activation="relu")
        self.conv2 = layers.Conv1D(32, 3, padding="same", activation="relu")
        self.pool = layers.MaxPooling1D(pool_size=2, strides=2)
        self.gru = layers.GRU(24, reset_after=True)
        self.head = layers.Dense(5)

    def call(self, x, training=None):
        x_nwc = ops.transpose(x, axes=(0, 2, 1))
        x = self.conv1(x_nwc)
        x = self.pool(x)
        x = self.conv2(x)
        x = self.pool(x)
        x = self.gru(x)
        x = self.head(x)
        return x
