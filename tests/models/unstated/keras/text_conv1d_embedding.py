"""Text classification with a Conv1D over an Embedding and global max pooling (no input length given)."""
import keras
from keras import layers

max_features = 20000
embedding_dim = 128

model = keras.Sequential([
    layers.Embedding(max_features, embedding_dim),
    layers.Dropout(0.5),
    layers.Conv1D(128, 7, padding="valid", activation="relu", strides=3),
    layers.Conv1D(128, 7, padding="valid", activation="relu", strides=3),
    layers.GlobalMaxPooling1D(),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(1, activation="sigmoid", name="predictions"),
])

model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
