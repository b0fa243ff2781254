"""Price forecaster: LSTM(50, return_sequences=True), Dropout, LSTM(50), Dense(1) over feature windows."""
from tensorflow import keras
from tensorflow.keras.layers import Dense, Dropout, LSTM

model = keras.Sequential()
model.add(LSTM(units=50, return_sequences=True))
model.add(Dropout(0.2))
model.add(LSTM(units=50))
model.add(Dropout(0.2))
model.add(Dense(units=1))

model.compile(optimizer="adam", loss="mean_squared_error")

if __name__ == "__main__":
    print(model.name)
