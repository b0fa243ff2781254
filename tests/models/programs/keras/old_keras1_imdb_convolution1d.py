"""Keras 1 text convnet on IMDB: Convolution1D(nb_filter=..., filter_length=..., subsample_length=1), Embedding dropout."""
from __future__ import print_function

import numpy as np
from keras.datasets import imdb
from keras.layers import Activation, Convolution1D, Dense, Dropout, Embedding, GlobalMaxPooling1D
from keras.models import Sequential
from keras.preprocessing import sequence

np.random.seed(1337)

max_features, maxlen, batch_size = 5000, 400, 32
embedding_dims, nb_filter, filter_length, hidden_dims, nb_epoch = 50, 250, 3, 250, 2

print("Loading data...")
(X_train, y_train), (X_test, y_test) = imdb.load_data(nb_words=max_features)
X_train = sequence.pad_sequences(X_train, maxlen=maxlen)
X_test = sequence.pad_sequences(X_test, maxlen=maxlen)

model = Sequential()
model.add(Embedding(max_features, embedding_dims, input_length=maxlen, dropout=0.2))
model.add(Convolution1D(nb_filter=nb_filter, filter_length=filter_length, border_mode="valid",
                        activation="relu", subsample_length=1))
model.add(GlobalMaxPooling1D())
model.add(Dense(hidden_dims))
model.add(Dropout(0.2))
model.add(Activation("relu"))
model.add(Dense(1))
model.add(Activation("sigmoid"))

model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X_train, y_train, batch_size=batch_size, nb_epoch=nb_epoch, validation_data=(X_test, y_test))
