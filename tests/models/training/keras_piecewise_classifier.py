"""Small classifier on synthetic features: SGD with momentum on a piecewise-constant learning
rate, accuracy as a metric object, and a CSV log of every epoch."""
import keras
import numpy as np
from keras import layers

config = {"features": 20, "classes": 4, "hidden": [48, 24], "epochs": 5, "batch_size": 16}

x_train = np.random.normal(size=(640, config["features"])).astype("float32")
y_train = np.random.randint(0, config["classes"], size=(640,))


def make_classifier(features, classes, hidden, **kwargs):
    model = keras.Sequential(name="classifier")
    for units in hidden:
        model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dense(classes))
    return model


model = make_classifier(config["features"], config["classes"], config["hidden"])
boundaries = [40, 120]
rates = [0.05, 0.01, 0.002]
optimizer = keras.optimizers.SGD(keras.optimizers.schedules.PiecewiseConstantDecay(boundaries, rates), momentum=0.9)
model.compile(optimizer=optimizer, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[keras.metrics.SparseCategoricalAccuracy()])
history = model.fit(x_train, y_train, epochs=config["epochs"], batch_size=config["batch_size"],
                    callbacks=[keras.callbacks.CSVLogger("history.csv", append=True)])
