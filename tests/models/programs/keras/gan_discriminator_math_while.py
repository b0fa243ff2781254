"""GAN discriminator: stride-2 blocks added in a while loop down to a size computed with math.log2."""
import math

import keras
from keras import layers

IMAGE_SIZE = 64
BASE_FILTERS = 32
n_blocks = int(math.log2(IMAGE_SIZE)) - 2  # 64 -> 4 in four halvings
MIN_SIZE = IMAGE_SIZE // 2 ** n_blocks

discriminator = keras.Sequential(name="discriminator")
discriminator.add(keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 3)))
size, filters = IMAGE_SIZE, BASE_FILTERS
while size > MIN_SIZE:
    discriminator.add(layers.Conv2D(filters, 4, strides=2, padding="same"))
    if filters > BASE_FILTERS:
        discriminator.add(layers.BatchNormalization())
    discriminator.add(layers.LeakyReLU(negative_slope=0.2))
    size //= 2
    filters = min(filters * 2, 256)
discriminator.add(layers.Flatten())
discriminator.add(layers.Dropout(0.2))
discriminator.add(layers.Dense(1, activation="sigmoid"))
