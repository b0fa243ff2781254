"""Input the fuzzer (benchmarks/fuzz.py) and new users found crashing nnport: each gives a
diagnostic at its place in the source, or correct output; never a traceback, never a hang."""
import textwrap

import pytest

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions


def _write(tmp_path, source: str, name: str = "net.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return path


def refused(tmp_path, source: str, target: str = "keras", **options) -> str:
    """The diagnostics migrating ``source`` gives (it must give some), as text."""
    path = _write(tmp_path, source)
    with pytest.raises(NnportError) as info:
        migrate(path, WriteOptions(target=target, **options))
    return str(info.value).replace(str(path), "net.py")


def _where(template: str, layer: str, given: str) -> str:
    """line:col (both from 1) of ``given`` in ``layer`` placed in ``template``."""
    lines = textwrap.dedent(template).lstrip("\n").format(layer=layer).splitlines()
    line = next(i for i, text in enumerate(lines) if layer in text)
    return f"{line + 1}:{lines[line].index(layer) + layer.rindex(given) + 1}"


def migrated(tmp_path, source: str, target: str = "keras", **options) -> str:
    return migrate(_write(tmp_path, source), WriteOptions(target=target, **options))


TORCH_LAYER = """
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = {layer}

    def forward(self, x):
        return self.layer(x)
"""

KERAS_LAYER = """
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28, 3)),
    {layer},
])
"""


# --- values checked against the catalog where arguments are bound -----------------------------

@pytest.mark.parametrize("layer, given, message", [
    ("nn.Linear(8, 0.5)", "0.5", "Linear: out_features=0.5 must be an integer"),
    ("nn.Linear(8, 0)", "0)", "Linear: out_features=0 must be a positive integer"),
    ("nn.Linear(8, True)", "True", "Linear: out_features=True must be an integer"),
    ("nn.Conv2d(3, 8, 3, stride=0)", "0)", "Conv2d: stride=0 must be a positive integer"),
    ("nn.Conv2d(3, 8, 2.5)", "2.5", "Conv2d: kernel_size=2.5 must be an integer or a tuple of integers"),
    ("nn.Conv2d(3, 8, 3, padding=-1)", "-1", "Conv2d: padding=-1 must not be negative"),
    ("nn.MaxPool2d(2, stride=0)", "0)", "MaxPool2d: stride=0 must be a positive integer"),
    ("nn.Dropout(p=2.5)", "2.5", "Dropout: p=2.5 must be a rate in [0, 1)"),
    ("nn.Dropout(1.0)", "1.0", "Dropout: p=1.0 must be a rate in [0, 1)"),
    ("nn.LSTM(8, 16, num_layers=0)", "0)", "LSTM: num_layers=0 must be a positive integer"),
    ("nn.LSTM(8, 16.0)", "16.0", "LSTM: hidden_size=16.0 must be an integer"),
    ("nn.ZeroPad2d(2.5)", "2.5", "ZeroPad2d: padding=2.5 must be"),
    ("nn.LayerNorm(2.5)", "2.5", "LayerNorm: normalized_shape=2.5 must be an integer or a tuple of integers"),
    ("nn.BatchNorm2d(8, momentum=None)", "None", "BatchNorm2d: momentum=None must be a number, not None"),
    ("nn.Conv2d(nn.ReLU(), 8, 3)", "nn.ReLU()", "Conv2d: in_channels=nn.ReLU() must be an integer"),
])
def test_torch_layer_argument_checked_against_catalog(tmp_path, layer, given, message):
    where = _where(TORCH_LAYER, layer, given)
    assert f"net.py:{where}: error: {message}" in refused(tmp_path, TORCH_LAYER.format(layer=layer))


@pytest.mark.parametrize("layer, given, message", [
    ("layers.Dense(0.5)", "0.5", "Dense: units=0.5 must be an integer"),
    ("layers.Conv2D(8, 3, strides=0)", "0)", "Conv2D: strides=0 must be a positive integer"),
    ("layers.MaxPooling2D(pool_size=2.5)", "2.5", "MaxPooling2D: pool_size=2.5 must be an integer or a tuple"),
    ("layers.Dropout(rate=2.5)", "2.5", "Dropout: rate=2.5 must be a rate in [0, 1)"),
    ("layers.Dropout(-0.1)", "-0.1", "Dropout: rate=-0.1 must be a rate in [0, 1)"),
    ("layers.Reshape(10)", "10", "Reshape: target_shape=10 must be a tuple of sizes (integers)"),
    ("layers.Permute(2)", "2", "Permute: dims=2 must be an axis or a tuple of axes"),
    ("layers.LayerNormalization(axis=0.5)", "0.5", "LayerNormalization: axis=0.5 must be an axis"),
])
def test_keras_layer_argument_checked_against_catalog(tmp_path, layer, given, message):
    where = _where(KERAS_LAYER, layer, given)
    assert f"net.py:{where}: error: {message}" in refused(tmp_path, KERAS_LAYER.format(layer=layer), "torch")


def test_functional_op_argument_checked_against_catalog(tmp_path):
    source = """
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 4)

        def forward(self, x):
            return F.max_pool1d(self.fc(x), 0)
    """
    assert "net.py:11:41: error: max_pool1d: kernel_size=0 must be a positive integer" in refused(tmp_path, source)


def test_valid_arguments_still_read(tmp_path):
    code = migrated(tmp_path, TORCH_LAYER.format(layer="nn.Dropout(0.0)"))
    assert "layers.Dropout(0.0)" in code
