from keras.models import Sequential
from keras.layers import Dense, Merge

left = Sequential()
left.add(Dense(32, input_dim=784, activation="relu"))
right = Sequential()
right.add(Dense(32, input_dim=784, activation="relu"))
model = Sequential()
model.add(Merge([left, right], mode="concat"))
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adadelta")
model.fit([x_train, x_train], y_train, nb_epoch=12)
