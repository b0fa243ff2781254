"""Stacked LSTM forecaster: input_shape=(X.shape[1], X.shape[2]) taken from windows loaded with numpy."""
import numpy as np
from keras.layers import LSTM, Dense, Dropout
from keras.models import Sequential

X = np.load("X_windows.npy")
y = np.load("y_next.npy")

model = Sequential()
model.add(LSTM(50, return_sequences=True, input_shape=(X.shape[1], X.shape[2])))
model.add(Dropout(0.2))
model.add(LSTM(50))
model.add(Dropout(0.2))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mean_squared_error")
model.fit(X, y, epochs=10, batch_size=32, verbose=0)
