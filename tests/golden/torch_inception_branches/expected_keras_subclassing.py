"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


class InceptionNet(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.branch1 = layers.Conv2D(8, 1)
        self.branch3 = layers.Conv2D(12, 3, padding="same")
        self.branch5 = layers.Conv2D(4, 5, padding="same")
        self.dilated = layers.Conv2D(4, 3, padding="same", dilation_rate=2)
        self.bn = layers.BatchNormalization(momentum=0.9, epsilon=1e-05)
        self.gap = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(5)

    def call(self, x):
        x_nhwc = ops.transpose(x, axes=(0, 2, 3, 1))
        x_1 = self.branch1(x_nhwc)
        x_2 = self.branch3(x_nhwc)
        x_3 = self.branch5(x_nhwc)
        x_4 = self.dilated(x_nhwc)
        x_5 = ops.concatenate([x_1, x_2, x_3, x_4], axis=-1)
        x_6 = self.bn(x_5)
        x_7 = keras.activations.relu(x_6)
        x_8 = self.gap(x_7)
        x_8 = self.head(x_8)
        x_8 = keras.activations.log_softmax(x_8, axis=-1)
        return x_8
