"""Keras MLP whose depth, width and dropout come from argparse flags; hidden layers added in a loop over args.layers."""
import argparse

import keras
import numpy as np
from keras import layers

parser = argparse.ArgumentParser(description="Keras MLP on flattened digits")
parser.add_argument("--units", type=int, default=256)
parser.add_argument("--layers", type=int, default=2)
parser.add_argument("--dropout", type=float, default=0.2)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--batch-size", type=int, default=128)
args = parser.parse_args()

model = keras.Sequential()
model.add(keras.Input(shape=(784,)))
for _ in range(args.layers):
    model.add(layers.Dense(args.units, activation="relu"))
    model.add(layers.Dropout(args.dropout))
model.add(layers.Dense(10, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

x = np.random.rand(512, 784).astype("float32")
y = np.random.randint(0, 10, 512)
model.fit(x, y, epochs=args.epochs, batch_size=args.batch_size, verbose=0)
