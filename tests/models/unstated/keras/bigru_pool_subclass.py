"""Subclassed toxic-comment model: Embedding, Bidirectional GRU sequences, global max and average pools."""
import keras
from keras import layers


class BiGRUPool(keras.Model):
    def __init__(self, max_features=30000, embed_size=128, units=64, n_labels=6):
        super().__init__()
        self.embedding = layers.Embedding(max_features, embed_size)
        self.dropout = layers.SpatialDropout1D(0.2)
        self.rnn = layers.Bidirectional(layers.GRU(units, return_sequences=True))
        self.max_pool = layers.GlobalMaxPooling1D()
        self.avg_pool = layers.GlobalAveragePooling1D()
        self.concat = layers.Concatenate()
        self.out = layers.Dense(n_labels, activation="sigmoid")

    def call(self, inputs):
        x = self.dropout(self.embedding(inputs))
        x = self.rnn(x)
        x = self.concat([self.max_pool(x), self.avg_pool(x)])
        return self.out(x)
