"""Churn classifier in the functional API; the input width and the classes come from a CSV file."""
import keras
import numpy as np
import pandas as pd
from keras import layers

df = pd.read_csv("churn.csv")
X = df.drop(columns=["customer_id", "churned"]).to_numpy("float32")
y = df["churned"].to_numpy()
n_features = X.shape[1]
n_classes = len(np.unique(y))

inputs = keras.Input(shape=(n_features,))
x = layers.Dense(64, activation="relu")(inputs)
x = layers.Dropout(0.2)(x)
x = layers.Dense(32, activation="relu")(x)
outputs = layers.Dense(n_classes, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="churn")
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=20, batch_size=64, validation_split=0.1, verbose=0)
