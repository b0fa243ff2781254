"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


class ResidualBlock(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv2D(16, 3, padding="same", use_bias=False)
        self.bn1 = layers.BatchNormalization(momentum=0.9, epsilon=1e-05)
        self.conv2 = layers.Conv2D(16, 3, padding="same", use_bias=False)
        self.bn2 = layers.BatchNormalization(momentum=0.9, epsilon=1e-05)

    def call(self, x):
        out = self.conv1(x)
        out = self.bn1(out)
        out = keras.activations.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        out = out + x
        out = keras.activations.relu(out)
        return out


def build_res_net():
    x = keras.Input(shape=(3, 32, 32), name="x")
    x_nhwc = ops.transpose(x, axes=(0, 2, 3, 1))
    x_1 = layers.Conv2D(16, 3, padding="same", activation="relu", name="stem")(x_nhwc)
    x_2 = ResidualBlock(name="block1")(x_1)
    x_3 = ResidualBlock(name="block2")(x_2)
    x_4 = layers.GlobalAveragePooling2D(name="pool")(x_3)
    x_4 = layers.Dense(10, name="fc")(x_4)
    return keras.Model(x, x_4, name="res_net")
