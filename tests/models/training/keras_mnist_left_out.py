"""MNIST convnet with compile / fit: a subset of the training images, a log transform, a metric
and callbacks nnport has no translation for, and the model saved at the end."""
import keras
import numpy as np
from keras import layers

NUM_CLASSES = 10

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train, y_train = x_train[:2000], y_train[:2000]
x_train = np.log1p(x_train)
x_train = x_train[..., None] / 255.0


def build_model(num_classes=NUM_CLASSES, **kwargs):
    return keras.Sequential([
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(num_classes, activation="softmax"),
    ], **kwargs)


model = build_model()
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
              metrics=["accuracy", keras.metrics.TopKCategoricalAccuracy(k=3)])
model.fit(x_train, y_train, batch_size=32, epochs=2,
          callbacks=[keras.callbacks.BackupAndRestore("backup"), keras.callbacks.TerminateOnNaN()])
model.save("mnist_convnet.keras")
