"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


class InceptionNet(keras.Model):
    def __init__(self, num_classes=5, **kwargs):
        super().__init__(**kwargs)
        self.branch1 = layers.Conv2D(8, 1)
        self.branch3 = layers.Conv2D(12, 3, padding="same")
        self.branch5 = layers.Conv2D(4, 5, padding="same")
        self.dilated = layers.Conv2D(4, 3, padding="same", dilation_rate=2)
        self.bn = layers.BatchNormalization(momentum=0.9, epsilon=1e-05)
        self.gap = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(num_classes)

    def call(self, x, training=None):
        x_nhwc = ops.transpose(x, axes=(0, 2, 3, 1))
        branch1 = self.branch1(x_nhwc)
        branch3 = self.branch3(x_nhwc)
        branch5 = self.branch5(x_nhwc)
        dilated = self.dilated(x_nhwc)
        x = ops.concatenate([branch1, branch3, branch5, dilated], axis=-1)
        x = self.bn(x)
        x = keras.activations.relu(x)
        x = self.gap(x)
        x = self.head(x)
        x = keras.activations.log_softmax(x, axis=-1)
        return x
