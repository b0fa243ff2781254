"""Functions of the Keras 2 backend (``from keras import backend as K``) and of TensorFlow inside a
custom layer's call() are read as the keras.ops function of the same meaning. Keras 3 no longer
has K.mean and friends: a file written with them is read, and run by verify, as the keras.ops
calls it means; it gives the same migrated code as the TensorFlow spelling."""
import pytest
from backend_ir import migrate_and_verify

from nnport import api
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

LAYER = '''
import keras
import tensorflow as tf
from keras import backend as K
from keras import layers


class CenteredRelu(layers.Layer):
    def call(self, inputs):
        centered = inputs - MEAN(inputs, axis=1, keepdims=True)
        scale = SQRT(MEAN(SQUARE(centered), axis=1, keepdims=True) + 1e-3)
        scaled = centered / scale
        both = CONCAT([RELU(scaled), RELU(-scaled)], axis=1)
        return both * EXP(-0.5 * ABS(CONCAT([scaled, scaled], axis=1)))


model = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(16), CenteredRelu(), layers.Dense(4)])
'''

SPELLINGS = {
    "tensorflow": {"MEAN": "tf.reduce_mean", "SQRT": "tf.sqrt", "SQUARE": "tf.square", "CONCAT": "tf.concat",
                   "RELU": "tf.nn.relu", "EXP": "tf.exp", "ABS": "tf.abs"},
    "tf.math": {"MEAN": "tf.math.reduce_mean", "SQRT": "tf.math.sqrt", "SQUARE": "tf.math.square",
                "CONCAT": "tf.concat", "RELU": "tf.nn.relu", "EXP": "tf.math.exp", "ABS": "tf.math.abs"},
    "keras.backend": {"MEAN": "K.mean", "SQRT": "K.sqrt", "SQUARE": "K.square", "CONCAT": "K.concatenate",
                      "RELU": "K.relu", "EXP": "K.exp", "ABS": "K.abs"},
}


def spelled(name: str) -> str:
    text = LAYER
    for placeholder, function in SPELLINGS[name].items():
        text = text.replace(placeholder, function)
    return text


def migrated(tmp_path, name):
    path = tmp_path / f"{name.replace('.', '_')}.py"
    path.write_text(spelled(name))
    return api.migrate(path, WriteOptions(target="torch", only_model=True))


@pytest.mark.parametrize("name", ["tensorflow", "keras.backend"])
def test_the_spelling_migrates_and_verifies(tmp_path, name):
    code, result = migrate_and_verify(spelled(name), tmp_path, "torch")
    assert "torch.mean(" in code and "torch.cat(" in code and "torch.exp(" in code
    assert result.passed, result.summary()


@pytest.mark.parametrize("name", ["tf.math", "keras.backend"])
def test_other_spellings_give_the_same_migrated_code(tmp_path, name):
    assert _body(migrated(tmp_path, name)) == _body(migrated(tmp_path, "tensorflow"))


def test_an_antirectifier_with_the_keras2_backend_verifies(tmp_path):
    source = """import keras
from keras import backend as K
from keras import layers
from keras.models import Sequential


class Antirectifier(layers.Layer):
    def call(self, inputs):
        inputs -= K.mean(inputs, axis=1, keepdims=True)
        inputs = K.l2_normalize(inputs, axis=1)
        return K.concatenate([K.relu(inputs), K.relu(-inputs)], axis=1)


model = Sequential()
model.add(layers.Dense(64, input_shape=(784,)))
model.add(Antirectifier())
model.add(layers.Dense(10))
"""
    code, result = migrate_and_verify(source, tmp_path, "torch")
    assert "F.normalize(" in code and "nn.Linear(128, 10)" in code
    assert result.passed and result.max <= 1e-5, result.summary()


def _body(code: str) -> str:
    return code.split("\n", 1)[1]  # the first line names the source file
