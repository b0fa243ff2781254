"""Lightweight image classifier: SeparableConv2D and DepthwiseConv2D blocks, global average pooling."""
import keras
from keras import layers

model = keras.Sequential([
    layers.Conv2D(32, 3, strides=2, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(6.0),
    layers.DepthwiseConv2D(3, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(6.0),
    layers.Conv2D(64, 1, use_bias=False),
    layers.SeparableConv2D(128, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.SeparableConv2D(128, 3, padding="same", activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(5, activation="softmax"),
])
