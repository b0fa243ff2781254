"""Sentiment CNN: Embedding, Conv1D, MaxPooling1D(5), Conv1D, GlobalMaxPooling1D, softmax (older imports)."""
from tensorflow import keras
from tensorflow.keras import layers

vocab_size = 10000

model = keras.Sequential()
model.add(layers.Embedding(vocab_size, 100))
model.add(layers.Conv1D(128, 5, activation="relu"))
model.add(layers.MaxPooling1D(5))
model.add(layers.Conv1D(128, 5, activation="relu"))
model.add(layers.GlobalMaxPooling1D())
model.add(layers.Dense(128, activation="relu"))
model.add(layers.Dense(2, activation="softmax"))

model.compile(loss="sparse_categorical_crossentropy", optimizer="rmsprop", metrics=["acc"])

if __name__ == "__main__":
    model.summary()
