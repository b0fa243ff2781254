"""Bidirectional LSTM movie-review classifier: two Bidirectional(LSTM(64)) layers over an Embedding."""
import keras
from keras import layers

max_features = 20000

model = keras.Sequential([
    layers.Embedding(max_features, 128),
    layers.Bidirectional(layers.LSTM(64, return_sequences=True)),
    layers.Bidirectional(layers.LSTM(64)),
    layers.Dense(1, activation="sigmoid"),
])

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

if __name__ == "__main__":
    for layer in model.layers:
        print(layer.name, layer.trainable)
