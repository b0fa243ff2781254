"""Text classifier over integer token ids; vocab_size = len(vectorizer.get_vocabulary()) after adapting to texts read from disk."""
import keras
import numpy as np
from keras import layers

with open("texts.txt", encoding="utf-8") as f:
    texts = [line.strip() for line in f if line.strip()]
labels = np.loadtxt("labels.txt", dtype="int64")

sequence_length = 100
vectorizer = layers.TextVectorization(max_tokens=20000, output_sequence_length=sequence_length)
vectorizer.adapt(texts)
vocab_size = len(vectorizer.get_vocabulary())

inputs = keras.Input(shape=(sequence_length,), dtype="int64")
x = layers.Embedding(vocab_size, 64)(inputs)
x = layers.Conv1D(64, 5, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(32, activation="relu")(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

token_ids = vectorizer(np.array(texts))
model.fit(token_ids, labels, epochs=2, batch_size=32, verbose=0)
