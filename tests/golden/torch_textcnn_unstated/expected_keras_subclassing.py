"""Keras 3 code migrated from input.py by nnport."""

import keras
from keras import layers
from keras import ops


class TextCNN(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(5000, 100)
        self.conv = layers.Conv1D(64, 3, padding="same")
        self.bn = layers.BatchNormalization(momentum=0.9, epsilon=1e-05)
        self.pool = layers.GlobalMaxPooling1D(keepdims=True)
        self.fc = layers.Dense(2)

    def call(self, x):
        x = self.embedding(x)
        x = self.conv(x)
        x = self.bn(x)
        x = keras.activations.relu(x)
        x = self.pool(x)
        x = ops.squeeze(x, axis=1)
        x = self.fc(x)
        return x
