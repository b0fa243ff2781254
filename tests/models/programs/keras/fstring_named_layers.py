"""Functional CNN whose layers are named with f-strings inside an enumerate loop over a list of filter counts."""
import keras
from keras import layers

FILTERS = [16, 32, 64]

inputs = keras.Input(shape=(64, 64, 3), name="pixels")
x = inputs
for i, filters in enumerate(FILTERS, start=1):
    x = layers.Conv2D(filters, 3, padding="same", name=f"block{i}_conv")(x)
    x = layers.BatchNormalization(name=f"block{i}_bn")(x)
    x = layers.Activation("relu", name=f"block{i}_relu")(x)
    x = layers.MaxPooling2D(name=f"block{i}_pool")(x)
x = layers.Flatten(name="flatten")(x)
outputs = layers.Dense(3, activation="softmax", name=f"head_{len(FILTERS)}blocks")(x)
model = keras.Model(inputs, outputs, name="named_cnn")
