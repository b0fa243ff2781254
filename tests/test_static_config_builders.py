"""Builders that assemble their configuration from a table and overrides, as real model files do:
``dict(CONFIGS[name], **overrides)``, ``{**CONFIGS[name]}`` then ``config.update(overrides)`` or
``config.update(num_classes=3)``, passed on with ``**config``. The static reader follows each
change; none is silently lost (a lost update built a 10-class head for a 3-class model)."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

TORCH = '''import torch.nn as nn

CONFIGS = {
    "small": {"width": 16, "depth": 2},
    "large": {"width": 64, "depth": 4},
}


class Classifier(nn.Module):
    def __init__(self, width=32, depth=2, num_classes=10):
        super().__init__()
        layers = [nn.Linear(20, width), nn.ReLU()]
        for _ in range(depth - 1):
            layers += [nn.Linear(width, width), nn.ReLU()]
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(width, num_classes)

    def forward(self, x):
        return self.head(self.body(x))


def build(name, **overrides):
    BODY


model = build("small", depth=3)
'''

BODIES = {
    "dict-merge": "return Classifier(**dict(CONFIGS[name], num_classes=3, **overrides))",
    "update-call": """config = {**CONFIGS[name]}
    config.update(overrides)
    config.update(num_classes=3)
    return Classifier(**config)""",
}

KERAS = '''import keras
from keras import layers

CONFIGS = {"small": {"width": 16, "depth": 2}, "large": {"width": 64, "depth": 4}}


def make_model(width=32, depth=2, num_classes=10):
    inputs = keras.Input(shape=(20,))
    x = inputs
    for _ in range(depth):
        x = layers.Dense(width, activation="relu")(x)
    return keras.Model(inputs, layers.Dense(num_classes)(x))


def build(name, **overrides):
    config = {**CONFIGS[name]}
    config.update(overrides)
    config.setdefault("num_classes", 3)
    return make_model(**dict(config, depth=config["depth"] + 1))


model = build("small", width=8)
'''


@pytest.mark.parametrize("body", BODIES, ids=list(BODIES))
def test_a_torch_builder_with_merged_configs_matches(body, tmp_path):
    code, result = migrate_and_verify(TORCH.replace("BODY", BODIES[body]), tmp_path, "keras")
    assert code.count("layers.Dense(width") == 3 and "layers.Dense(num_classes)" in code
    assert result.passed and result.max <= 1e-5, result.summary()


def test_a_keras_builder_with_updated_configs_matches(tmp_path):
    code, result = migrate_and_verify(KERAS, tmp_path, "torch")
    assert code.count("nn.Linear(") == 4 and "nn.Linear(8, 3)" in code
    assert result.passed and result.max <= 1e-5, result.summary()


def test_an_update_with_a_value_known_only_at_run_time_is_refused(tmp_path):
    source = tmp_path / "build.py"
    source.write_text(KERAS.replace("config.update(overrides)", "config.update(width=len(open('vocab.txt').read()))"))
    with pytest.raises(NnportError, match=r"build.py:17:\d+: error: config.update\(.*\) changes config with a value "
                                          r"not known statically"):
        migrate(source, WriteOptions(target="torch"))
