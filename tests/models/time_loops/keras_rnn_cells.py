"""Keras cells scanned by keras.layers.RNN: an LSTM cell's sequence feeding a GRU cell's last state."""
import keras
from keras import layers

UNITS = (12, 8)

inputs = keras.Input(shape=(None, 6))
x = layers.RNN(layers.LSTMCell(UNITS[0]), return_sequences=True)(inputs)
x = layers.RNN(layers.GRUCell(UNITS[1], reset_after=True))(x)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inputs, outputs)
