"""Functional two-branch CNN written with `from tensorflow.keras import layers as L` and Model from tensorflow.keras."""
import tensorflow as tf
from tensorflow.keras import Model
from tensorflow.keras import layers as L

inp = L.Input(shape=(32, 32, 3), name="image")
x = L.Conv2D(32, 3, padding="same", activation="relu")(inp)
x = L.MaxPooling2D()(x)
a = L.Conv2D(32, 1, activation="relu")(x)
b = L.Conv2D(32, 3, padding="same", activation="relu")(x)
x = L.Concatenate()([a, b])
x = L.BatchNormalization()(x)
x = L.GlobalAveragePooling2D()(x)
out = L.Dense(10, activation="softmax", name="probs")(x)

model = Model(inputs=inp, outputs=out, name="two_branch_cnn")
model.compile(optimizer=tf.keras.optimizers.SGD(0.01, momentum=0.9), loss="sparse_categorical_crossentropy")
