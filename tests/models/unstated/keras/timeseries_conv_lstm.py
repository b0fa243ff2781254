"""Multivariate time-series regressor: Conv1D and MaxPooling1D feature extractor, then an LSTM and Dense."""
import keras
from keras import layers

model = keras.Sequential(
    [
        layers.Conv1D(filters=64, kernel_size=3, activation="relu", padding="causal"),
        layers.MaxPooling1D(pool_size=2),
        layers.Conv1D(filters=32, kernel_size=3, activation="relu"),
        layers.LSTM(32),
        layers.Dense(16, activation="relu"),
        layers.Dense(1),
    ]
)

model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse", metrics=["mae"])
