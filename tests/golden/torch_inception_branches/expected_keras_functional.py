"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


def build_inception_net(num_classes=5):
    inputs = keras.Input(shape=(3, 24, 24), name="x")
    inputs_nhwc = ops.transpose(inputs, axes=(0, 2, 3, 1))
    branch1 = layers.Conv2D(8, 1, name="branch1")(inputs_nhwc)
    branch3 = layers.Conv2D(12, 3, padding="same", name="branch3")(inputs_nhwc)
    branch5 = layers.Conv2D(4, 5, padding="same", name="branch5")(inputs_nhwc)
    dilated = layers.Conv2D(4, 3, padding="same", dilation_rate=2, name="dilated")(inputs_nhwc)
    x = ops.concatenate([branch1, branch3, branch5, dilated], axis=-1)
    x = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn")(x)
    x = keras.activations.relu(x)
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = layers.Dense(num_classes, name="head")(x)
    x = keras.activations.log_softmax(x, axis=-1)
    return keras.Model(inputs, x, name="inception_net")
