"""Denoising autoencoder: strided Conv2D encoder, Conv2DTranspose decoder, sigmoid output map."""
import keras
from keras import layers

autoencoder = keras.Sequential([
    layers.Conv2D(32, (3, 3), activation="relu", padding="same", strides=2),
    layers.Conv2D(16, (3, 3), activation="relu", padding="same", strides=2),
    layers.Conv2DTranspose(16, kernel_size=3, strides=2, activation="relu", padding="same"),
    layers.Conv2DTranspose(32, kernel_size=3, strides=2, activation="relu", padding="same"),
    layers.Conv2D(1, kernel_size=(3, 3), activation="sigmoid", padding="same"),
])

autoencoder.compile(optimizer="adam", loss="binary_crossentropy")

if __name__ == "__main__":
    print(len(autoencoder.layers))
