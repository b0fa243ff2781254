"""3D CNN for volumes: Conv3D, MaxPool3D, BatchNormalization, GlobalAveragePooling3D, sigmoid output."""
import keras
from keras import layers

model = keras.Sequential(
    [
        layers.Conv3D(filters=32, kernel_size=3, activation="relu"),
        layers.MaxPool3D(pool_size=2),
        layers.BatchNormalization(),
        layers.Conv3D(filters=64, kernel_size=3, activation="relu"),
        layers.MaxPool3D(pool_size=2),
        layers.BatchNormalization(),
        layers.GlobalAveragePooling3D(),
        layers.Dense(units=128, activation="relu"),
        layers.Dropout(0.3),
        layers.Dense(units=1, activation="sigmoid"),
    ],
    name="3dcnn",
)
