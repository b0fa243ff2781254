"""Text CNN as a Model subclass; the vocabulary size is counted from a word list read at start-up."""
import keras
from keras import layers

with open("words.txt", encoding="utf-8") as f:
    words = [line.strip() for line in f if line.strip()]
vocab_size = len(words) + 2  # padding and out-of-vocabulary ids


class TextCNN(keras.Model):
    def __init__(self, vocab_size, embed_dim=32, filters=16, classes=3, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Embedding(vocab_size, embed_dim)
        self.conv = layers.Conv1D(filters, 3, activation="relu")
        self.pool = layers.GlobalMaxPooling1D()
        self.out = layers.Dense(classes)

    def call(self, tokens):
        return self.out(self.pool(self.conv(self.embed(tokens))))


model = TextCNN(vocab_size)
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
