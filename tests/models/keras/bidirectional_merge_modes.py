"""Accelerometer gesture classifier (functional): bidirectional layers with each Keras merge mode."""
import keras
from keras import layers

STEPS, AXES, GESTURES = 50, 3, 6

inputs = keras.Input(shape=(STEPS, AXES))
x = layers.Bidirectional(layers.LSTM(16, return_sequences=True), merge_mode="sum")(inputs)
x = layers.Bidirectional(layers.GRU(12, return_sequences=True), merge_mode="ave")(x)
forward, backward = layers.Bidirectional(layers.SimpleRNN(8), merge_mode=None)(x)
gate = layers.Bidirectional(layers.LSTM(8), merge_mode="mul")(x)
x = layers.concatenate([forward, backward, gate])
outputs = layers.Dense(GESTURES, activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
