"""Bag-of-embeddings text classifier: Embedding, GlobalAveragePooling1D, Dense layers (no sequence length)."""
import keras
from keras import layers

vocab_size = 10000
embedding_dim = 16

model = keras.Sequential([
    layers.Embedding(vocab_size, embedding_dim, name="embedding"),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])

model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
