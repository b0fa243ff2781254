"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers


class Model(keras.Sequential):
    def __init__(self, **kwargs):
        super().__init__(
            [
                keras.Input(shape=(20,)),
                layers.Dense(64, activation="relu", name="linear_0"),
                layers.Dropout(0.2, name="dropout_2"),
                layers.Dense(32, name="linear_3"),
                layers.LeakyReLU(negative_slope=0.1, name="leaky_relu_4"),
                layers.Dense(4, name="linear_5"),
            ],
            **kwargs,
        )
