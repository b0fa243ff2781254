"""News-topic classifier: Embedding, GRU(64) with dropout, Dense softmax over 46 topics."""
from tensorflow import keras
from tensorflow.keras import layers

num_words = 10000
num_topics = 46

model = keras.Sequential([
    layers.Embedding(num_words, 64),
    layers.GRU(64, dropout=0.2),
    layers.Dense(64, activation="relu"),
    layers.Dense(num_topics, activation="softmax"),
])

model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
