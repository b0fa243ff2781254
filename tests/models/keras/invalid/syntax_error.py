import keras
from keras import layers

model = keras.Sequential([
    layers.Dense(10, activation="relu"
    layers.Dense(1),
])
