"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers


class ResidualBlock(layers.Layer):
    def __init__(self, channels, **kwargs):
        super().__init__(**kwargs)
        self.conv1 = layers.Conv2D(channels, 3, padding="same", use_bias=False)
        self.bn1 = layers.BatchNormalization(momentum=0.9, epsilon=1e-05)
        self.conv2 = layers.Conv2D(channels, 3, padding="same", use_bias=False)
        self.bn2 = layers.BatchNormalization(momentum=0.9, epsilon=1e-05)

    def call(self, x, training=None):
        out = self.conv1(x)
        out = self.bn1(out)
        out = keras.activations.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        out = out + x
        out = keras.activations.relu(out)
        return out


class ResNet(keras.Sequential):
    def __init__(self, num_classes=10, **kwargs):
        super().__init__(
            [
                keras.Input(shape=(3, 32, 32)),
                layers.Permute((2, 3, 1), name="x_nhwc"),
                layers.Conv2D(16, 3, padding="same", activation="relu", name="stem"),
                ResidualBlock(16, name="block1"),
                ResidualBlock(16, name="block2"),
                layers.GlobalAveragePooling2D(name="pool"),
                layers.Dense(num_classes, name="fc"),
            ],
            **kwargs,
        )
