"""Decoder from a latent vector: Dense, Reshape((4, 4, 128)), UpSampling2D + Conv2D stages to 32x32x3."""
import keras
from keras import layers

latent_dim = 64

decoder = keras.Sequential([
    layers.Dense(4 * 4 * 128, activation="relu"),
    layers.Reshape((4, 4, 128)),
    layers.UpSampling2D(),
    layers.Conv2D(128, 3, padding="same", activation="relu"),
    layers.UpSampling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.UpSampling2D(),
    layers.Conv2D(3, 3, padding="same", activation="sigmoid"),
], name="decoder")
