"""Keras 1 strided convnet with keyword spellings of the time: nb_filter, nb_row, nb_col, subsample, init, output_dim."""
from keras.layers import Activation, Convolution2D, Dense, Flatten
from keras.models import Sequential

model = Sequential()
model.add(Convolution2D(nb_filter=32, nb_row=3, nb_col=3, subsample=(2, 2), init="he_normal",
                        border_mode="same", input_shape=(64, 64, 3)))
model.add(Activation("relu"))
model.add(Convolution2D(nb_filter=64, nb_row=3, nb_col=3, subsample=(2, 2), init="he_normal", border_mode="same"))
model.add(Activation("relu"))
model.add(Convolution2D(nb_filter=128, nb_row=3, nb_col=3, subsample=(2, 2), init="he_normal", border_mode="valid"))
model.add(Activation("relu"))
model.add(Flatten())
model.add(Dense(output_dim=256, init="glorot_uniform"))
model.add(Activation("relu"))
model.add(Dense(output_dim=5, init="glorot_uniform"))
model.add(Activation("softmax"))

model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
