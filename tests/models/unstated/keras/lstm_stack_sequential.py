"""Stacked LSTM text classifier: Embedding, LSTM(return_sequences=True), LSTM, Dense sigmoid."""
import keras
from keras import layers

model = keras.Sequential(
    [
        layers.Embedding(input_dim=10000, output_dim=64),
        layers.LSTM(64, return_sequences=True),
        layers.LSTM(32),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ]
)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

if __name__ == "__main__":
    print(model.name)
