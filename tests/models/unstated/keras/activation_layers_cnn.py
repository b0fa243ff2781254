"""Sequential CNN with separate activation layers: Conv2D, Activation("relu"), ReLU, ELU, softmax."""
import keras
from keras import layers

model = keras.Sequential([
    layers.Conv2D(32, (3, 3), padding="same"),
    layers.Activation("relu"),
    layers.Conv2D(32, (3, 3)),
    layers.ReLU(),
    layers.MaxPooling2D(pool_size=(2, 2)),
    layers.Conv2D(64, (3, 3), padding="same"),
    layers.ELU(),
    layers.AveragePooling2D(pool_size=(2, 2)),
    layers.Flatten(),
    layers.Dense(512),
    layers.Activation("relu"),
    layers.Dense(10),
    layers.Activation("softmax"),
])
