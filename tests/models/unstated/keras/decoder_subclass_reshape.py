"""Subclassed VAE-style decoder: Dense to 7*7*64, Reshape, two Conv2DTranspose upsamplings to 28x28."""
import keras
from keras import layers


class Decoder(keras.Model):
    def __init__(self, latent_dim=2, **kwargs):
        super().__init__(**kwargs)
        self.latent_dim = latent_dim
        self.dense = layers.Dense(7 * 7 * 64, activation="relu")
        self.reshape = layers.Reshape((7, 7, 64))
        self.deconv1 = layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same")
        self.deconv2 = layers.Conv2DTranspose(32, 3, activation="relu", strides=2, padding="same")
        self.out_conv = layers.Conv2DTranspose(1, 3, activation="sigmoid", padding="same")

    def call(self, z):
        x = self.dense(z)
        x = self.reshape(x)
        x = self.deconv1(x)
        x = self.deconv2(x)
        return self.out_conv(x)
