"""Subclassed MLP whose call() takes a training flag for its Dropout layers."""
import keras
from keras import layers


class MLP(keras.Model):
    def __init__(self, hidden_units=(128, 64), num_classes=3, rate=0.2):
        super().__init__()
        self.hidden = [layers.Dense(units, activation="relu") for units in hidden_units]
        self.dropout = layers.Dropout(rate)
        self.out = layers.Dense(num_classes, activation="softmax")

    def call(self, inputs, training=False):
        x = inputs
        for layer in self.hidden:
            x = layer(x)
            x = self.dropout(x, training=training)
        return self.out(x)


model = MLP()
