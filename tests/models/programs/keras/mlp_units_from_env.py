"""Keras MLP whose width and dropout come from environment variables read with os.environ.get and defaults."""
import os

import keras
from keras import layers

UNITS = int(os.environ.get("UNITS", 64))
DROPOUT = float(os.environ.get("DROPOUT", "0.1"))
N_FEATURES = 20

model = keras.Sequential(
    [
        keras.Input(shape=(N_FEATURES,)),
        layers.Dense(UNITS, activation="relu"),
        layers.Dropout(DROPOUT),
        layers.Dense(UNITS // 2, activation="relu"),
        layers.Dense(3, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="categorical_crossentropy")
