"""Time-series classifier: Conv1D / BatchNormalization / ReLU blocks, GlobalAveragePooling1D, softmax."""
import keras
from keras import layers

num_classes = 2

model = keras.Sequential()
for filters in (64, 64, 64):
    model.add(layers.Conv1D(filters=filters, kernel_size=3, padding="same"))
    model.add(layers.BatchNormalization())
    model.add(layers.ReLU())
model.add(layers.GlobalAveragePooling1D())
model.add(layers.Dense(num_classes, activation="softmax"))

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"])
