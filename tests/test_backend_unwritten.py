"""Canonical attributes the target cannot write are reported, never dropped silently; those a
hook writes (a stack of layers, a wrapper, a split into parts) are not reported."""
from dataclasses import replace
from pathlib import Path

import pytest

import nnport
from nnport.api import migrate
from nnport.catalog import registry
from nnport.errors import NnportError, Reporter
from nnport.options import WriteOptions

MODELS = Path(__file__).parent / "models"

KERAS_LSTM = '''
import keras
from keras import layers

model = keras.Sequential([
    keras.Input((12, 8)),
    layers.LSTM(16, dropout=0.2, recurrent_dropout=0.1),
    layers.Dense(3),
])
'''

TORCH_STACKED = '''
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 16, num_layers=2, dropout=0.25, bidirectional=True, batch_first=True)

    def forward(self, x):
        out, _ = self.lstm(x)
        return out


model = Net()
model(torch.randn(2, 12, 8))
'''

KERAS_SEPARABLE = '''
import keras
from keras import layers

model = keras.Sequential([keras.Input((16, 16, 3)), layers.SeparableConv2D(8, 3, padding="same")])
'''


def migrated(tmp_path, text, target, name="source.py", allow_partial=False):
    source = tmp_path / name
    source.write_text(text)
    reporter = Reporter()
    code = migrate(source, WriteOptions(target=target, only_model=True, allow_partial=allow_partial),
                   reporter=reporter)
    return source, code, [d for d in reporter.diagnostics if "not written" in d.message]


def test_keras_lstm_dropouts_are_reported_when_written_for_pytorch(tmp_path):
    source, code, dropped = migrated(tmp_path, KERAS_LSTM, "torch")
    assert len(dropped) == 1 and dropped[0].severity == "warning"
    message = dropped[0].message
    assert "input_dropout=0.2 (dropout= of keras.layers.LSTM)" in message and "recurrent_dropout=0.1" in message
    assert "torch.nn.LSTM" in message and dropped[0].loc.line == 7
    assert "dropout" not in code.split("nn.LSTM(")[1].split(")")[0]
    # training-time only: in eval mode the migrated layer computes the same function
    target = tmp_path / "migrated.py"
    target.write_text(code)
    result = nnport.verify(source, target, trials=2, batch=2)
    assert result.passed, result.summary()


def test_embedding_padding_idx_is_reported_when_written_for_keras():
    reporter = Reporter()
    migrate(MODELS / "torch/bilstm_tagger.py", WriteOptions(target="keras", only_model=True), reporter=reporter)
    assert any("padding_idx=0" in d.message and "keras.layers.Embedding" in d.message for d in reporter.diagnostics)


@pytest.mark.parametrize("text, target", [(TORCH_STACKED, "keras"), (KERAS_SEPARABLE, "torch")],
                         ids=["stacked-bidirectional-lstm", "separable-conv"])
def test_attributes_a_hook_writes_are_not_reported(tmp_path, text, target):
    _, _, dropped = migrated(tmp_path, text, target)
    assert not dropped, [d.message for d in dropped]


TORCH_MLP = '''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(4, 8, bias=False), nn.LeakyReLU(0.2), nn.Linear(8, 2))
model(torch.randn(1, 4))
'''


@pytest.mark.parametrize("kind_name, attr, value", [("linear", "bias", False), ("leaky_relu", "negative_slope", 0.2)])
def test_an_attribute_whose_argument_the_target_lacks_is_always_reported(tmp_path, monkeypatch, kind_name, attr,
                                                                        value):
    """Engine-level: take the argument carrying ``attr`` out of the Keras spelling; the emitter,
    which knows no layer, then refuses the value it cannot write (it changes the forward pass),
    and --allow-partial writes the layer without it, with a warning."""
    kind = registry.kind(kind_name)
    spelling = kind.spelling("keras", "layer")
    crippled = replace(spelling, args=tuple(a for a in spelling.args if a.attr != attr))
    spellings = tuple(crippled if s is spelling else s for s in kind.spellings)
    monkeypatch.setitem(registry._KINDS, kind_name, replace(kind, spellings=spellings))
    with pytest.raises(NnportError, match=rf"{attr}={value!r} has no equivalent in {spelling.name}.*not the source"):
        migrated(tmp_path, TORCH_MLP, "keras")
    _, _, dropped = migrated(tmp_path, TORCH_MLP, "keras", allow_partial=True)
    assert [d.message for d in dropped if f"{attr}={value!r}" in d.message and spelling.name in d.message]
    monkeypatch.undo()
    _, _, dropped = migrated(tmp_path, TORCH_MLP, "keras")
    assert not dropped, [d.message for d in dropped]


INTERPOLATING = """
import torch.nn.functional as F
from torch import nn


class Refiner(nn.Module):
    def __init__(self, factor=2, mode="nearest"):
        super().__init__()
        self.factor, self.mode = factor, mode
        self.conv = nn.Conv2d(3, 4, 3, padding=1)

    def forward(self, x):
        return self.conv(F.interpolate(x, scale_factor=self.factor, mode=self.mode))


model = Refiner(FACTOR, MODE)
"""


@pytest.mark.parametrize("factor, mode", [(2, "nearest"), (3, "bilinear")])
def test_a_scale_factor_on_open_sizes_becomes_keras_upsampling(tmp_path, factor, mode):
    source, code, dropped = migrated(tmp_path, INTERPOLATING.replace("FACTOR", str(factor)).replace("MODE", repr(mode)),
                                     "keras")
    assert "layers.UpSampling2D(" in code and not dropped
    target = tmp_path / "migrated.py"
    target.write_text(code)
    result = nnport.verify(source, target, trials=2, batch=2)
    assert result.passed, result.summary()


def test_a_fractional_scale_factor_on_open_sizes_is_refused_not_dropped(tmp_path):
    with pytest.raises(NnportError, match=r"scale_factor=1.5 has no equivalent in keras.ops.image.resize"):
        migrated(tmp_path, INTERPOLATING.replace("FACTOR", "1.5").replace("MODE", "'nearest'"), "keras")


FLATTEN_FIRST_AXES = """
import torch
from torch import nn


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 16, batch_first=True)
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(FLATTEN)
"""


@pytest.mark.parametrize("flatten", ["torch.flatten(out, 0, 1)", "out.flatten(0, end_dim=-2)"])
def test_a_flatten_that_stops_before_the_last_axis_is_refused(tmp_path, flatten):
    """end_dim was once read as a second operand, and the Keras code failed when run."""
    with pytest.raises(NnportError, match=r"not through the last axis"):
        migrated(tmp_path, FLATTEN_FIRST_AXES.replace("FLATTEN", flatten), "keras")
