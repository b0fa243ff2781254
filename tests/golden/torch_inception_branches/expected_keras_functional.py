"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


def build_inception_net():
    x = keras.Input(shape=(3, 24, 24), name="x")
    x_nhwc = ops.transpose(x, axes=(0, 2, 3, 1))
    x_1 = layers.Conv2D(8, 1, name="branch1")(x_nhwc)
    x_2 = layers.Conv2D(12, 3, padding="same", name="branch3")(x_nhwc)
    x_3 = layers.Conv2D(4, 5, padding="same", name="branch5")(x_nhwc)
    x_4 = layers.Conv2D(4, 3, padding="same", dilation_rate=2, name="dilated")(x_nhwc)
    x_5 = ops.concatenate([x_1, x_2, x_3, x_4], axis=-1)
    x_6 = layers.BatchNormalization(momentum=0.9, epsilon=1e-05, name="bn")(x_5)
    x_7 = keras.activations.relu(x_6)
    x_8 = layers.GlobalAveragePooling2D(name="gap")(x_7)
    x_8 = layers.Dense(5, name="head")(x_8)
    x_8 = keras.activations.log_softmax(x_8, axis=-1)
    return keras.Model(x, x_8, name="inception_net")
