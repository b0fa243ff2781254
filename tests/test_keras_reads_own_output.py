"""The Keras frontend reads what the Keras backend writes: several inputs unpacked in call(),
ops.split unpacked into its pieces, an op written inline (x + zeros_like(other, dtype=x.dtype): expand_as), modules in the order __init__ declares them, and a permute
that swaps two axes read as the same transpose whichever framework spelled it.

Each reading is asserted on the pivot model, then the file is migrated to PyTorch (taking the
source's input layout) and the two are run with shared weights (verify)."""
from __future__ import annotations

from pathlib import Path

import pytest

import nnport
from nnport import api
from nnport.errors import Reporter
from nnport.options import ReadOptions, WriteOptions
from nnport.passes.shapes import infer_shapes

pytest.importorskip("torch")
pytest.importorskip("keras")

TWO_INPUTS = '''
import keras
from keras import layers, ops


class TwoTower(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.image_net = layers.Dense(8, activation="relu")
        self.meta_net = layers.Dense(8, activation="relu")
        self.head = layers.Dense(1)

    def call(self, inputs):
        image, meta = inputs
        joined = ops.concatenate([self.image_net(image), self.meta_net(meta)], axis=-1)
        return self.head(joined)


model = TwoTower()
model.build([(None, 12), (None, 5)])
'''

SPLIT = '''
import keras
from keras import layers, ops


class Gated(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.head = layers.Dense(3)
        self.proj = layers.Dense(8)

    def call(self, x):
        x = self.proj(x)
        left, right = ops.split(x, 2, axis=-1)
        x = left * keras.activations.sigmoid(right)
        return self.head(x)


model = Gated()
model.build((None, 6))
'''

TRANSPOSED = '''
import keras
from keras import layers, ops


class Swapped(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.mix = layers.Dense(4)

    def call(self, x):
        x = ops.transpose(x, (0, 2, 1))
        return self.mix(x)


model = Swapped()
model.build((None, 5, 7))
'''

EXPANDED = '''
import keras
from keras import layers, ops


class Expanded(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fc = layers.Dense(6)

    def call(self, x):
        x = self.fc(x)
        top = ops.max(x, axis=1, keepdims=True)
        return ops.stack([x, top + keras.ops.zeros_like(x, dtype=top.dtype)], axis=1)


model = Expanded()
model.build((None, 4))
'''

TORCH_SWAPS = '''
import torch
from torch import nn


class Net(nn.Module):
    def forward(self, x):
        return {expr}


model = Net()
model(torch.randn(2, 5, 7))
'''


def read(path: Path):
    reporter = Reporter()
    model = api.load(path, ReadOptions(), reporter)
    infer_shapes(model, reporter)
    assert not reporter.errors, reporter.diagnostics
    return model


def written(tmp_path: Path, text: str, name: str = "net.py") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def verified(source: Path, out: Path, layout: str = "source") -> str:
    code = api.migrate(source, WriteOptions(target="torch", only_model=True, layout=layout))
    out.write_text(code)
    result = nnport.verify(source, out, trials=2, seed=0, layout=layout)
    assert result.passed, result.summary()
    return code


def test_call_unpacking_its_inputs_reads_one_network_input_per_name(tmp_path):
    source = written(tmp_path, TWO_INPUTS)
    graph = read(source).network.graph
    assert [n.outputs[0] for n in graph.inputs] == ["image", "meta"]
    assert [graph.types[n.outputs[0]].shape for n in graph.inputs] == [(None, 12), (None, 5)]
    out = tmp_path / "two_torch.py"
    verified(source, out)
    assert "def forward(self, image, meta):" in out.read_text()


def test_split_unpacked_into_two_names_is_one_node_with_two_results(tmp_path):
    source = written(tmp_path, SPLIT)
    net = read(source).network
    split = next(n for n in net.graph.nodes if n.op == "call_op" and n.target == "chunk")
    assert split.outputs == ["left", "right"] and split.attrs["chunks"] == 2
    assert [net.graph.types[v].shape for v in split.outputs] == [(None, 4), (None, 4)]
    verified(source, tmp_path / "split_torch.py")


def test_subclass_modules_keep_the_order_of_their_attributes(tmp_path):
    net = read(written(tmp_path, SPLIT)).network
    assert list(net.modules) == ["head", "proj"]  # called proj first, declared head first


@pytest.mark.parametrize("expr", ["x.permute(0, 2, 1)", "x.transpose(1, 2)", "torch.transpose(x, 2, 1)"])
def test_a_swap_of_two_axes_reads_as_transpose_in_torch(tmp_path, expr):
    net = read(written(tmp_path, TORCH_SWAPS.format(expr=expr))).network
    (swap,) = [n for n in net.graph.nodes if n.op == "call_op"]
    assert swap.target == "transpose" and {swap.attrs["axis0"], swap.attrs["axis1"]} == {"T", "C"}


def test_a_swap_of_two_axes_reads_as_transpose_in_keras(tmp_path):
    source = written(tmp_path, TRANSPOSED)
    net = read(source).network
    (swap,) = [n for n in net.graph.nodes if n.op == "call_op"]
    assert swap.target == "transpose" and {swap.attrs["axis0"], swap.attrs["axis1"]} == {"T", "C"}
    verified(source, tmp_path / "swapped_torch.py")
    # native layout: the input arrives as (N, C, T) and the transpose falls away; verify feeds the
    # migrated model the order its backend planned
    native = verified(source, tmp_path / "swapped_native.py", layout="native")
    assert "transpose" not in native and "permute" not in native


def test_a_permute_of_three_axes_stays_a_permute(tmp_path):
    net = read(written(tmp_path, TORCH_SWAPS.format(expr="x.permute(2, 0, 1)"))).network
    (op,) = [n for n in net.graph.nodes if n.op == "call_op"]
    assert op.target == "permute"


def test_the_inline_expand_as_expression_reads_as_expand_as(tmp_path):
    source = written(tmp_path, EXPANDED)
    net = read(source).network
    (expand,) = [n for n in net.graph.nodes if n.op == "call_op" and n.target == "expand_as"]
    assert net.graph.types[expand.outputs[0]].shape == (None, 6)
    out = tmp_path / "expanded_torch.py"
    verified(source, out)
    assert ".expand_as(" in out.read_text()


CROPPED_TRANSPOSE = '''
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(7, 7, 4)),
    layers.Conv2DTranspose(3, 4, strides=2, padding="valid"),
    layers.Cropping2D({crops}),
])
'''


@pytest.mark.parametrize("crops, padding", [("1", "padding=1"), ("((1, 1), (2, 2))", "padding=(1, 2)")])
def test_an_even_crop_after_a_transposed_conv_reads_as_its_padding(tmp_path, crops, padding):
    """What the Keras backend writes for PyTorch's ConvTranspose2d(padding=p) reads back as it."""
    source = written(tmp_path, CROPPED_TRANSPOSE.format(crops=crops))
    (module,) = read(source).network.modules.values()
    assert module.kind == "conv_transpose2d"
    code = verified(source, tmp_path / "transposed_torch.py")
    assert padding in code and "ZeroPad" not in code


def test_an_uneven_crop_stays_a_crop(tmp_path):
    source = written(tmp_path, CROPPED_TRANSPOSE.format(crops="((0, 1), (1, 1))"))
    assert sorted(m.kind for m in read(source).network.modules.values()) == ["conv_transpose2d", "cropping2d"]
    verified(source, tmp_path / "transposed_torch.py")
