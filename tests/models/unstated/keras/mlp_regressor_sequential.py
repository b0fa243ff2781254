"""Regression MLP (two hidden layers of 64, linear output) as in the fuel-efficiency tutorial."""
import keras
from keras import layers


def build_model():
    model = keras.Sequential([
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.Adam(0.001))
    return model


model = build_model()
