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
        x_1 = self.embedding(x)
        x_2 = self.conv(x_1)
        x_3 = self.bn(x_2)
        x_4 = keras.activations.relu(x_3)
        x_5 = self.pool(x_4)
        x_6 = ops.squeeze(x_5, axis=1)
        x_6 = self.fc(x_6)
        return x_6
