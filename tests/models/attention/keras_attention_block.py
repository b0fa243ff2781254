"""A Keras residual self-attention block (subclassed, no stated input shape)."""
import keras
from keras import layers


class Block(keras.Model):
    def __init__(self, heads=2, width=16, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(num_heads=heads, key_dim=width // heads)
        self.norm = layers.LayerNormalization(epsilon=1e-6)

    def call(self, x):
        return self.norm(x + self.att(x, x))


model = Block()
