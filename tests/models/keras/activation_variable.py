"""Activations held in variables and constructor parameters."""
import keras
from keras import layers

ACTIVATION = "relu"
HIDDEN_ACT = keras.activations.tanh


class MLP(keras.Model):
    def __init__(self, units=(64, 32), activation=ACTIVATION, out_activation="softmax"):
        super().__init__()
        self.hidden = [layers.Dense(u, activation=activation) for u in units]
        self.extra = layers.Dense(16, activation=HIDDEN_ACT)
        self.out = layers.Dense(10, activation=out_activation)

    def call(self, x):
        for layer in self.hidden:
            x = layer(x)
        return self.out(self.extra(x))


model = MLP(activation="elu")
model.build((None, 20))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
