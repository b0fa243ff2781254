"""Next-value forecaster over sliding windows; input_shape is read off the windows array."""
import numpy as np
from keras.layers import GRU, Dense
from keras.models import Sequential

windows = np.load("windows.npy")  # (samples, steps, channels)
next_values = np.load("next_values.npy")

model = Sequential()
model.add(GRU(24, input_shape=(windows.shape[1], windows.shape[2])))
model.add(Dense(8, activation="tanh"))
model.add(Dense(1))
model.compile(optimizer="rmsprop", loss="mse")
model.fit(windows, next_values, epochs=5, batch_size=16, verbose=0)
