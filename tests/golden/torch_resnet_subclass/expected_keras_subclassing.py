"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


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


class ResNet(keras.Model):
    def __init__(self, num_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.stem = layers.Conv2D(16, 3, padding="same", activation="relu")
        self.block1 = ResidualBlock(16)
        self.block2 = ResidualBlock(16)
        self.pool = layers.GlobalAveragePooling2D()
        self.fc = layers.Dense(num_classes)

    def call(self, x, training=None):
        x_nhwc = ops.transpose(x, axes=(0, 2, 3, 1))
        x = self.stem(x_nhwc)
        x = self.block1(x)
        x = self.block2(x)
        x = self.pool(x)
        x = self.fc(x)
        return x
