"""Functional CNN from builder functions: conv_block(x, filters, **kwargs) forwards keyword arguments to Conv2D; build_model(**config)."""
import keras
from keras import layers


def conv_block(x, filters, kernel_size=3, strides=1, **kwargs):
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding="same", **kwargs)(x)
    x = layers.BatchNormalization()(x)
    return layers.Activation("relu")(x)


def build_model(input_shape=(32, 32, 3), num_classes=10, widths=(32, 64, 128), dropout=0.3, **conv_kwargs):
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for i, width in enumerate(widths):
        x = conv_block(x, width, **conv_kwargs)
        x = conv_block(x, width, strides=2 if i < len(widths) - 1 else 1, **conv_kwargs)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


config = dict(num_classes=10, widths=(32, 64, 128), use_bias=False, kernel_initializer="he_normal")
model = build_model(**config)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
