"""Keras functional cross-attention called with (query, value, key): the order Keras uses."""
import keras
from keras import layers

WIDTH = 16

query = keras.Input(shape=(None, WIDTH))
memory = keras.Input(shape=(None, WIDTH))
keys = keras.Input(shape=(None, WIDTH))
attended = layers.MultiHeadAttention(num_heads=4, key_dim=WIDTH // 4)(query, memory, keys)
model = keras.Model([query, memory, keys], layers.Dense(2)(attended))
