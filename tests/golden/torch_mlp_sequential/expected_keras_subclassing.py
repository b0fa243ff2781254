"""Keras 3 code migrated from input.py by nnport."""

import keras
import numpy as np
from keras import layers


class Model(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.layer_0 = layers.Dense(64, activation="relu")
        self.layer_2 = layers.Dropout(0.2)
        self.layer_3 = layers.Dense(32)
        self.layer_4 = layers.LeakyReLU(negative_slope=0.1)
        self.layer_5 = layers.Dense(4)

    def call(self, x, training=None):
        x = self.layer_0(x)
        x = self.layer_2(x)
        x = self.layer_3(x)
        x = self.layer_4(x)
        x = self.layer_5(x)
        return x


def load_data():
    """The data the source makes itself, drawn with numpy (it has no test data: the same arrays)."""
    x = np.random.standard_normal((512, 20)).astype("float32")
    y = np.random.randint(0, 4, (512,))
    return (x, y), (x, y)


class L2SGD(keras.optimizers.SGD):
    """keras.optimizers.SGD with PyTorch's weight_decay: l2 * variable added to the gradient
    before the update, through the momentum and the adaptive scaling (Keras' weight_decay
    is applied apart)."""

    def __init__(self, *args, l2=0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.l2 = l2

    def update_step(self, gradient, variable, learning_rate):
        gradient = keras.ops.add(
            gradient, keras.ops.multiply(keras.ops.cast(self.l2, variable.dtype), variable)
        )
        return super().update_step(gradient, variable, learning_rate)

    def get_config(self):
        return {**super().get_config(), "l2": self.l2}


def make_optimizer():
    return L2SGD(learning_rate=0.05, momentum=0.9, l2=0.0001)


def make_callbacks():
    return [
        keras.callbacks.LearningRateScheduler(lambda epoch: 0.05 * 0.5 ** (epoch // 5)),
    ]


def compile_model(model):
    model.compile(
        optimizer=make_optimizer(),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[],
    )
    return model


def train(model, x_train, y_train, epochs=15, batch_size=64, validation_data=None, shuffle=True):
    return model.fit(
        x_train,
        y_train,
        epochs=epochs,
        batch_size=batch_size,
        shuffle=shuffle,
        validation_data=validation_data,
        callbacks=make_callbacks(),
    )


def evaluate(model, x_test, y_test, batch_size=64):
    return model.evaluate(x_test, y_test, batch_size=batch_size, return_dict=True)


if __name__ == "__main__":
    model = compile_model(Model())
    (x_train, y_train), (x_test, y_test) = load_data()
    train(model, x_train, y_train)
    print("test", evaluate(model, x_test, y_test))
