"""A layer argument computed inline from a dataset the file loads by name
(``input_shape=x_train.shape[1:]`` after ``cifar10.load_data()``): migration reads the dataset's
known sample shape; verify, which does not load the data, gives the source the same value in that
place, so the source model it builds is the whole network."""
import pytest
from backend_ir import migrate_and_verify

pytest.importorskip("torch")
pytest.importorskip("keras")

SEQUENTIAL = '''import keras
from keras.datasets import cifar10
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation, Flatten, Conv2D, MaxPooling2D

num_classes = 10
(x_train, y_train), (x_test, y_test) = cifar10.load_data()
y_train = keras.utils.to_categorical(y_train, num_classes)
x_train = x_train.astype("float32") / 255

model = Sequential()
model.add(Conv2D(8, (3, 3), padding="same", input_shape=x_train.shape[1:]))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(num_classes))
model.add(Activation("softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=2)
'''

FUNCTIONAL = '''import keras
from keras import layers

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255.0

inputs = keras.Input(shape=x_train.shape[1:])
x = layers.Flatten()(inputs)
x = layers.Dense(32, activation="relu")(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
'''


@pytest.mark.parametrize("source", [SEQUENTIAL, FUNCTIONAL], ids=["sequential-input-shape", "functional-input"])
def test_the_source_is_built_whole_with_the_datasets_shape(source, tmp_path):
    code, result = migrate_and_verify(source, tmp_path, "torch")
    assert result.passed and result.max <= 1e-5, result.summary()
    assert "nn.Linear(" in code
