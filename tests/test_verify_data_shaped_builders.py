"""A builder called with an input shape computed from data the file loads at run time
(``make_model(input_shape=x_train.shape[1:])`` after ``np.loadtxt`` of a download): migration
reads the shape's rank from the layers; verify does not load the data and gives the source the
input shape it verifies with, in the argument's place, so the file verifies as it stands."""
import pytest
from backend_ir import migrate_and_verify

pytest.importorskip("torch")
pytest.importorskip("keras")

TIMESERIES = '''import numpy as np
import keras


def readucr(filename):
    data = np.loadtxt(filename, delimiter="\\t")
    return data[:, 1:], data[:, 0].astype(int)


root_url = "https://example.org/FordA/"
x_train, y_train = readucr(root_url + "FordA_TRAIN.tsv")
x_train = x_train.reshape((x_train.shape[0], x_train.shape[1], 1))
num_classes = len(np.unique(y_train))


def make_model(input_shape):
    input_layer = keras.layers.Input(input_shape)
    conv = keras.layers.Conv1D(filters=8, kernel_size=3, padding="same")(input_layer)
    conv = keras.layers.BatchNormalization()(conv)
    conv = keras.layers.ReLU()(conv)
    gap = keras.layers.GlobalAveragePooling1D()(conv)
    output_layer = keras.layers.Dense(num_classes, activation="softmax")(gap)
    return keras.models.Model(inputs=input_layer, outputs=output_layer)


model = make_model(input_shape=x_train.shape[1:])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=2)
'''


def test_the_input_shape_argument_is_given_by_verify(tmp_path):
    code, result = migrate_and_verify(TIMESERIES, tmp_path, "torch")
    assert "nn.LazyConv1d(8" in code or "nn.Conv1d(" in code
    assert result.passed and result.max <= 1e-5, result.summary()
    assert any(note.startswith("input_shape: the source computes it from its data (line 26)") for note in result.notes), \
        result.notes
