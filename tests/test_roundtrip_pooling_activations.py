"""Global pooling read from each framework's spellings as one kind (passes/specialise.py).

A torch mean/amax over exactly the spatial axes, adaptive pooling to size 1 (with the flatten
after it) and Keras' GlobalAveragePooling/GlobalMaxPooling layers are one pivot kind; other
reductions stay reductions. Each row's migrated code is run against its source (verify)."""
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

TORCH_NET = '''
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv{n}d(3, 4, 3)
{extra}
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        x = self.conv(x)
        x = {expr}
        return self.fc(x)


model = Net()
model(torch.randn(1, 3, {size}))
'''

# (forward expression, layers it needs, rank, expected op kind of the reduction)
TORCH_ROWS = [
    ("x.mean((2, 3))", "", 2, "global_avg_pool2d"),
    ("torch.mean(x, dim=(3, 2))", "", 2, "global_avg_pool2d"),
    ("x.amax((2, 3))", "", 2, "global_max_pool2d"),
    ("torch.amax(x, (2, 3))", "", 2, "global_max_pool2d"),
    ("x.mean(2)", "", 1, "global_avg_pool1d"),
    ("torch.flatten(self.pool(x), 1)", "        self.pool = nn.AdaptiveAvgPool2d(1)", 2, "global_avg_pool2d"),
    ("self.flat(self.pool(x))", "        self.pool = nn.AdaptiveMaxPool2d((1, 1))\n        self.flat = nn.Flatten()",
     2, "global_max_pool2d"),
    ("x.mean((2, 3), keepdim=True).flatten(1)", "", 2, "global_avg_pool2d"),
    ("x.mean(3).mean(2)", "", 2, "mean"),  # one axis at a time: not over all spatial axes at once
]


def torch_source(tmp_path: Path, expr: str, extra: str, n: int) -> Path:
    path = tmp_path / "net.py"
    size = "10" if n == 1 else "10, 10"
    path.write_text(TORCH_NET.format(n=n, extra=extra, expr=expr, size=size))
    return path


def kinds(path: Path, options: ReadOptions = ReadOptions()) -> list[str]:
    """Every layer kind and op of the main network, in graph order."""
    reporter = Reporter()
    model = api.load(path, options, reporter)
    infer_shapes(model, reporter)
    assert not reporter.errors, reporter.diagnostics
    net = model.network
    return [net.modules[n.target].kind if n.op == "call_module" else n.target
            for n in net.graph.nodes if n.op in ("call_module", "call_op")]


def verified(source: Path, target: str, out: Path) -> None:
    out.write_text(api.migrate(source, WriteOptions(target=target, only_model=True)))
    result = nnport.verify(source, out, trials=2, seed=0)
    assert result.passed, result.summary()


@pytest.mark.parametrize("expr, extra, n, kind", TORCH_ROWS, ids=[row[0] for row in TORCH_ROWS])
def test_torch_reductions_read_as_their_kind_and_migrate_to_keras(tmp_path, expr, extra, n, kind):
    source = torch_source(tmp_path, expr, extra, n)
    found = kinds(source)
    assert found[1] == kind and "flatten" not in found, found
    keras_file = tmp_path / "net_keras.py"
    verified(source, "keras", keras_file)
    if kind.startswith("global"):
        pool = "GlobalAveragePooling" if "avg" in kind else "GlobalMaxPooling"
        assert f"layers.{pool}{n}D(" in keras_file.read_text()


KERAS_NET = '''
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(10, 10, 3)),
    layers.Conv2D(4, 3),
    layers.{layer}(),
    layers.Dense(2),
])
'''


@pytest.mark.parametrize("layer, torch_layer", [("GlobalAveragePooling2D", "nn.AdaptiveAvgPool2d(1)"),
                                                ("GlobalMaxPooling2D", "nn.AdaptiveMaxPool2d(1)")])
def test_keras_global_pooling_in_a_sequential_is_written_as_torch_layers_and_read_back(tmp_path, layer, torch_layer):
    source = tmp_path / "net.py"
    source.write_text(KERAS_NET.format(layer=layer))
    torch_file = tmp_path / "net_torch.py"
    verified(source, "torch", torch_file)
    text = torch_file.read_text()
    assert f"{torch_layer},\n            nn.Flatten(),\n" in text  # not a Lambda around a reduction
    native = tmp_path / "net_torch_native.py"  # the layout nnport reads back without a permute
    native.write_text(api.migrate(source, WriteOptions(target="torch", only_model=True, layout="native")))
    assert kinds(native, ReadOptions(input_shape=(None, 3, 10, 10))) == kinds(source)


def test_a_reduction_over_the_channels_stays_a_reduction(tmp_path):
    source = torch_source(tmp_path, "x.mean(1, keepdim=True).flatten(1)", "", 2)
    source.write_text(source.read_text().replace("nn.Linear(4, 2)", "nn.Linear(64, 2)"))  # (N, 1, 8, 8) flat
    assert kinds(source)[1:3] == ["mean", "flatten"]
