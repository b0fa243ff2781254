"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


class TextCNN(keras.Model):
    def __init__(self, vocab_size=5000, embed_dim=100, n_filters=64, n_classes=2, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(vocab_size, embed_dim)
        self.conv = layers.Conv1D(n_filters, 3, padding="same")
        self.bn = layers.BatchNormalization(momentum=0.9, epsilon=1e-05)
        self.pool = layers.GlobalMaxPooling1D(keepdims=True)
        self.fc = layers.Dense(n_classes)

    def call(self, x, training=None):
        x = self.embedding(x)
        x = self.conv(x)
        x = self.bn(x)
        x = keras.activations.relu(x)
        x = self.pool(x)
        x = ops.squeeze(x, axis=1)
        x = self.fc(x)
        return x
