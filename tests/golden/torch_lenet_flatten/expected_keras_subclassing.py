"""Keras 3 code migrated from input.py by nnport."""

import keras
import numpy as np
from keras import layers
from keras import ops


class LeNet(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.features = keras.Sequential(
            [
                layers.Permute((2, 3, 1), name="x_nhwc"),
                layers.Conv2D(6, 5, padding="same", activation="relu", name="conv2d_0"),
                layers.MaxPooling2D(pool_size=2, strides=2, name="max_pool2d_2"),
                layers.Conv2D(16, 5, activation="relu", name="conv2d_3"),
                layers.MaxPooling2D(pool_size=2, strides=2, name="max_pool2d_5"),
            ]
        )
        self.flatten = layers.Flatten()
        self.classifier = keras.Sequential(
            [
                layers.Dense(120, activation="relu", name="linear_0"),
                layers.Dense(10, name="linear_2"),
            ]
        )

    def call(self, x, training=None):
        x = self.features(x)
        x_nchw = ops.transpose(x, axes=(0, 3, 1, 2))
        x = self.flatten(x_nchw)
        x = self.classifier(x)
        return x


def prepare(x, y):
    """keras.datasets arrays -> inputs in the model's input layout, and targets."""
    x = x.astype("float32")
    x = x / 255.0
    x = np.expand_dims(x, 3)
    x = np.transpose(x, (0, 3, 1, 2))
    return x, y


def load_data():
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    return prepare(x_train, y_train), prepare(x_test, y_test)


class TorchAdam(keras.optimizers.Adam):
    """keras.optimizers.Adam with torch's epsilon, added after the bias correction of the
    second moment: Keras' epsilon at step t is eps * sqrt(1 - beta_2 ** t)."""

    @property
    def epsilon(self):
        step = keras.ops.cast(self.iterations + 1, "float32")
        return self.torch_epsilon * keras.ops.sqrt(1.0 - keras.ops.power(self.beta_2, step))

    @epsilon.setter
    def epsilon(self, value):
        self.torch_epsilon = value

    def get_config(self):
        return {**super().get_config(), "epsilon": self.torch_epsilon}


def make_optimizer():
    return TorchAdam(learning_rate=0.001, epsilon=1e-08, beta_1=0.9, beta_2=0.999)


def make_callbacks():
    return []


def compile_model(model):
    model.compile(
        optimizer=make_optimizer(),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=[],
    )
    return model


def train(model, x_train, y_train, epochs=5, batch_size=128, validation_data=None, shuffle=True):
    return model.fit(
        x_train,
        y_train,
        epochs=epochs,
        batch_size=batch_size,
        shuffle=shuffle,
        validation_data=validation_data,
        callbacks=make_callbacks(),
    )


def evaluate(model, x_test, y_test, batch_size=128):
    return model.evaluate(x_test, y_test, batch_size=batch_size, return_dict=True)


if __name__ == "__main__":
    model = compile_model(LeNet())
    (x_train, y_train), (x_test, y_test) = load_data()
    train(model, x_train, y_train)
    print("test", evaluate(model, x_test, y_test))
