"""Sequential CNN sized from a FILTERS list: range(len(FILTERS)) blocks, a dropout rate that grows with len(FILTERS)."""
import keras
from keras import layers

FILTERS = [32, 64, 128]
NUM_CLASSES = 10

model = keras.Sequential(name="len_cnn")
model.add(keras.Input(shape=(32, 32, 3)))
for i in range(len(FILTERS)):
    model.add(layers.Conv2D(FILTERS[i], 3, padding="same", activation="relu"))
    if i < len(FILTERS) - 1:
        model.add(layers.MaxPooling2D())
model.add(layers.GlobalMaxPooling2D())
model.add(layers.Dropout(0.1 * len(FILTERS)))
model.add(layers.Dense(NUM_CLASSES, activation="softmax"))
