"""Functional CNN with a squeeze-and-excitation layers.Layer subclass whose sub-layers are created in build()."""
import keras
from keras import layers


class SqueezeExcite(layers.Layer):
    def __init__(self, ratio=8, **kwargs):
        super().__init__(**kwargs)
        self.ratio = ratio

    def build(self, input_shape):
        channels = input_shape[-1]
        self.pool = layers.GlobalAveragePooling2D(keepdims=True)
        self.reduce = layers.Dense(max(1, channels // self.ratio), activation="relu")
        self.expand = layers.Dense(channels, activation="sigmoid")

    def call(self, inputs):
        s = self.pool(inputs)
        s = self.expand(self.reduce(s))
        return inputs * s

    def get_config(self):
        return {**super().get_config(), "ratio": self.ratio}


def se_conv(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    return SqueezeExcite()(x)


inputs = keras.Input(shape=(32, 32, 3))
x = se_conv(inputs, 32)
x = layers.MaxPooling2D()(x)
x = se_conv(x, 64)
x = layers.MaxPooling2D()(x)
x = se_conv(x, 128)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs, name="se_cnn")
