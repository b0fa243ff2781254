"""Tabular classifier: Dense + BatchNormalization + ReLU, then LayerNormalization before the output."""
import keras
from keras import layers

model = keras.Sequential(
    [
        layers.Dense(256, use_bias=False),
        layers.BatchNormalization(),
        layers.ReLU(),
        layers.Dropout(0.3),
        layers.Dense(128, activation="gelu"),
        layers.LayerNormalization(),
        layers.Dense(7, activation="softmax"),
    ],
    name="tabular_mlp",
)
