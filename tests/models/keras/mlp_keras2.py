"""Keras 2 era MLP: input_dim=, lr=, kernel_regularizer=l2(...)."""
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.optimizers import SGD
from keras.regularizers import l2

model = Sequential()
model.add(Dense(64, input_dim=20, activation="relu", kernel_regularizer=l2(0.01)))
model.add(Dropout(0.5))
model.add(Dense(64, activation="relu"))
model.add(Dense(10, activation="softmax"))

if __name__ == "__main__":  # Keras 2 spelling: lr= is refused by Keras 3
    sgd = SGD(lr=0.01, momentum=0.9, nesterov=True)
    model.compile(loss="categorical_crossentropy", optimizer=sgd, metrics=["accuracy"])
