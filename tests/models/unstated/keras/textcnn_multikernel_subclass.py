"""Subclassed Kim-style text CNN: Conv1D layers of widths 3, 4, 5 in a list, max-pooled and concatenated."""
import keras
from keras import layers


class TextCNN(keras.Model):
    def __init__(self, vocab_size=20000, embed_dim=128, filters=100, kernel_sizes=(3, 4, 5), num_classes=2):
        super().__init__()
        self.embedding = layers.Embedding(vocab_size, embed_dim)
        self.convs = [layers.Conv1D(filters, k, activation="relu") for k in kernel_sizes]
        self.pools = [layers.GlobalMaxPooling1D() for _ in kernel_sizes]
        self.concat = layers.Concatenate(axis=-1)
        self.dropout = layers.Dropout(0.5)
        self.fc = layers.Dense(num_classes, activation="softmax")

    def call(self, inputs, training=None):
        x = self.embedding(inputs)
        pooled = [pool(conv(x)) for conv, pool in zip(self.convs, self.pools)]
        x = self.concat(pooled)
        x = self.dropout(x, training=training)
        return self.fc(x)
