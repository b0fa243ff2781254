from keras.models import Sequential
from keras.layers import Convolution2D, Dense, Flatten

model = Sequential()
model.add(Convolution2D(32, 3, 3, border_mode="same", input_shape=(28, 28, 1)))
model.add(Flatten())
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adadelta")
model.fit(x_train, y_train, nb_epoch=12)
