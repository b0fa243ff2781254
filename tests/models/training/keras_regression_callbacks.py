"""Tabular regression with compile / fit: an exponential learning-rate decay, regression metrics
and the usual callbacks (early stopping, checkpoint, CSV log, TensorBoard)."""
import keras
import numpy as np
from keras import layers

FEATURES = 12
x_train = np.random.rand(800, FEATURES).astype("float32")
y_train = x_train.sum(axis=1, keepdims=True)


def build_regressor(hidden=(64, 32), **kwargs):
    inputs = keras.Input(shape=(FEATURES,))
    x = inputs
    for units in hidden:
        x = layers.Dense(units, activation="relu")(x)
    return keras.Model(inputs, layers.Dense(1)(x), **kwargs)


lr_schedule = keras.optimizers.schedules.ExponentialDecay(1e-2, decay_steps=20, decay_rate=0.9, staircase=True)
model = build_regressor()
model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr_schedule), loss="mse",
              metrics=[keras.metrics.MeanSquaredError(), keras.metrics.MeanAbsoluteError()])
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
    keras.callbacks.ModelCheckpoint("regressor.keras", save_best_only=True),
    keras.callbacks.CSVLogger("training_log.csv"),
    keras.callbacks.TensorBoard(log_dir="logs"),
]
model.fit(x_train, y_train, epochs=6, batch_size=32, validation_split=0.2, callbacks=callbacks)
