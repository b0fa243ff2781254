"""Functional CNN using K = keras.backend: the input shape and BatchNormalization axis depend on K.image_data_format()."""
import keras
from keras import layers

K = keras.backend

img_size = 64
if K.image_data_format() == "channels_first":
    input_shape = (3, img_size, img_size)
    bn_axis = 1
else:
    input_shape = (img_size, img_size, 3)
    bn_axis = 3


def build(num_classes=4):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(16, 3, strides=2, padding="same")(inputs)
    x = layers.BatchNormalization(axis=bn_axis)(x)
    x = layers.Activation("relu")(x)
    x = layers.Conv2D(32, 3, strides=2, padding="same")(x)
    x = layers.BatchNormalization(axis=bn_axis)(x)
    x = layers.Activation("relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


model = build()
