"""Regression MLP compiled with metric objects (MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError) and a TensorBoard callback."""
import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(42)
x_train = rng.normal(size=(512, 13)).astype("float32")
y_train = (x_train @ rng.normal(size=(13, 1)) + 0.1 * rng.normal(size=(512, 1))).astype("float32")

model = keras.Sequential(
    [
        keras.Input(shape=(13,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ]
)
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
    loss=keras.losses.MeanSquaredError(),
    metrics=[
        keras.metrics.MeanSquaredError(name="mse"),
        keras.metrics.RootMeanSquaredError(),
        keras.metrics.MeanAbsoluteError(name="mae"),
    ],
)
tensorboard = keras.callbacks.TensorBoard(log_dir="./logs", histogram_freq=1)
history = model.fit(x_train, y_train, epochs=5, batch_size=32, validation_split=0.2,
                    callbacks=[tensorboard, keras.callbacks.TerminateOnNaN()], verbose=0)
print(history.history["val_mae"][-1])
