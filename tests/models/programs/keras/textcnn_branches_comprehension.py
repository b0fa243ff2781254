"""Functional text CNN: one Conv1D branch per (filters, kernel size) pair, built by a list comprehension over zip."""
import keras
from keras import layers

MAX_LEN, VOCAB, EMBED = 120, 10000, 64
FILTERS = [64, 64, 32]
KERNELS = [3, 4, 5]

tokens = keras.Input(shape=(MAX_LEN,), dtype="int32")
embedded = layers.Embedding(VOCAB, EMBED)(tokens)
branches = [layers.GlobalMaxPooling1D()(layers.Conv1D(f, k, activation="relu")(embedded)) for f, k in zip(FILTERS, KERNELS)]
x = layers.concatenate(branches)
x = layers.Dropout(0.5)(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(tokens, outputs)
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
