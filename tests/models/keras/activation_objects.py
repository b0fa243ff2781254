"""Activation layer objects: LeakyReLU (Keras 2 alpha and Keras 3 negative_slope), PReLU, Softmax."""
from keras import Sequential, Input
from keras.layers import Dense, LeakyReLU, PReLU, Softmax, Activation

model = Sequential([
    Input(shape=(16,)),
    Dense(32),
    LeakyReLU(alpha=0.2),
    Dense(32),
    LeakyReLU(negative_slope=0.1),
    Dense(32),
    PReLU(),
    Dense(8, activation=LeakyReLU(0.05)),
    Activation("tanh"),
    Dense(4),
    Softmax(axis=-1),
])
model.compile(optimizer="sgd", loss="categorical_crossentropy")
