"""Regression head trained with Adam on a cosine-decayed rate, with root-mean-square error and
TensorBoard logs."""
import keras
from keras import layers

N_FEATURES = 8
EPOCHS = 4


class Regressor(keras.Model):
    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(units, activation="tanh")
        self.out = layers.Dense(1)

    def call(self, inputs):
        return self.out(self.hidden(inputs))


if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
    model = Regressor()
    schedule = keras.optimizers.schedules.CosineDecay(initial_learning_rate=3e-3, decay_steps=50, alpha=0.1)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="mae",
                  metrics=[keras.metrics.RootMeanSquaredError(), keras.metrics.MeanAbsoluteError()])
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, validation_data=(x_test, y_test),
              callbacks=[keras.callbacks.TensorBoard(log_dir="runs/regressor")])
