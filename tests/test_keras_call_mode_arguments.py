"""``def call(self, inputs, training)`` with no default: tf.keras passed ``training`` itself, by
name, so Keras 2 code calls such a layer with its inputs alone (``block(x)``). It is read with its
inference value, not as an input of the layer: the same network as ``training=None``, which is
run and verified (Keras 3 itself no longer fills a required ``training``)."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migrate
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

SOURCE = '''import keras
from keras import layers


class ResidualBlock(layers.Layer):
    def __init__(self, units, rate=0.1):
        super().__init__()
        self.dense = layers.Dense(units, activation="relu")
        self.dropout = layers.Dropout(rate)
        self.norm = layers.LayerNormalization(epsilon=1e-6)

    def call(self, inputs, TRAINING):
        x = self.dropout(self.dense(inputs), training=training)
        return self.norm(inputs + x)


inputs = layers.Input(shape=(16,))
x = layers.Dense(32)(inputs)
x = ResidualBlock(32)(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
'''


def _migrated(tmp_path, training: str) -> str:
    source = tmp_path / "blocks.py"
    source.write_text(SOURCE.replace("TRAINING", training))
    return migrate(source, WriteOptions(target="torch", only_model=True))


def test_a_required_training_argument_is_read_as_at_inference(tmp_path):
    assert _migrated(tmp_path, "training") == _migrated(tmp_path, "training=None")
    code, result = migrate_and_verify(SOURCE.replace("TRAINING", "training=None"), tmp_path, "torch")
    assert "def forward(self, inputs):" in code
    assert result.passed and result.max <= 1e-5, result.summary()
