"""A source class is written once with its constructor parameters where its code does not
depend on their values; what a decision reads (an ``if``, a loop count, a padding that is
"same" only for stride 1, a value forward reads) is baked, and the class is never written with
a parameter it ignores. Each migrated file is verified as it stands."""
import re
from pathlib import Path

import pytest

import nnport
from nnport import api
from nnport.errors import Reporter
from nnport.frontends.common.traced import Frame, split, strip
from nnport.backends import plan_model
from nnport.options import ReadOptions, WriteOptions
from nnport.passes.shapes import infer_shapes

PROGRAMS = Path(__file__).parent / "models" / "programs" / "torch"


def migrated(tmp_path: Path, source: Path, target: str = "keras") -> str:
    out = tmp_path / f"migrated_{target}.py"
    out.write_text(api.migrate(source, WriteOptions(target=target), ReadOptions(), Reporter()))
    return out


def classes(text: str) -> dict[str, str]:
    """Class name -> its __init__ signature line."""
    return dict(re.findall(r"^class (\w+)\(.*?\):\n    def __init__\(self(.*?)\):", text, re.M))


def verified(source: Path, out: Path):
    result = nnport.verify(source, out, trials=3)
    assert result.passed, result.summary()


# --- traced parameters ------------------------------------------------------------------------

def test_arithmetic_keeps_the_expression_and_decisions_bake():
    frame = Frame("Block")
    planes, stride = frame.parameter("planes", 16), frame.parameter("stride", 2)
    wide = planes * 4 + 1
    assert wide == 65 and str(wide.expr) == "planes * 4 + 1"
    assert frame.decided == {"planes"}  # the comparison above read it
    frame.decided.clear()
    halves = stride // 2
    assert str(halves.expr) == "stride // 2" and not frame.decided
    if stride > 1:
        pass
    assert frame.decided == {"stride"}


def test_counts_indices_and_conversions_are_decisions(tmp_path):
    text = """
from torch import nn


class Tower(nn.Module):
    def __init__(self, width, depth, scale=2.0):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(width, width) for _ in range(depth)])
        self.out = nn.Linear(width, int(width * scale))

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.out(x)


model = Tower(8, 2)
"""
    source = tmp_path / "tower.py"
    source.write_text(text)
    program = api.load(source).network.program
    # range(depth) counts; width * scale is a float (no expression kept), int() of it a conversion
    assert program.decided == {"depth", "scale", "width"}


def test_a_value_traced_in_another_instance_loses_its_expression():
    mine, other = Frame("A"), Frame("B")
    value = other.parameter("hidden", 8)
    plain, exprs = split({"units": value, "rate": mine.parameter("p", 0.5)}, mine)
    assert plain == {"units": 8, "rate": 0.5} and set(exprs) == {"rate"}
    assert other.decided == {"hidden"}
    assert strip((value,)) == (8,)


# --- generated classes ------------------------------------------------------------------------

def test_one_class_for_blocks_built_with_different_sizes(tmp_path):
    source = PROGRAMS / "conv_blocks_widths_kwargs.py"
    out = migrated(tmp_path, source)
    text = out.read_text()
    # stride is baked: padding=1 is "same" in Keras only at stride 1
    assert classes(text) == {"ConvBlock": ", in_ch, out_ch, p=0.1, **kwargs",
                             "SmallConvNet": ", num_classes=10, **kwargs"}
    assert "ConvBlock(16, 32, p=0.2" in text and "layers.Conv2D(out_ch, 3" in text
    assert "layers.Dropout(p)" in text and "layers.Dense(num_classes)" in text
    verified(source, out)


def test_an_if_on_a_parameter_bakes_it(tmp_path):
    source = PROGRAMS / "cifar_resnet_strides_list.py"
    out = migrated(tmp_path, source)
    found = classes(out.read_text())
    # stride 1 decides the shortcut with in_planes and planes; stride 2 decides it alone
    assert found == {"BasicBlock": ", **kwargs", "BasicBlock_1": ", in_planes, planes, **kwargs",
                     "ResNet": ", num_classes=10, **kwargs"}
    assert out.read_text().count("BasicBlock_1(") == 4  # the class and its three uses
    verified(source, out)


def test_a_value_forward_reads_is_baked_and_so_is_what_passes_it(tmp_path):
    source = PROGRAMS / "mlp_blocks_hidden_view.py"
    out = migrated(tmp_path, source)
    text = out.read_text()
    assert classes(text) == {
        "ResidualBlock": ", dim, expansion=4, dropout=0.0, eps=1e-05, **kwargs",
        # forward's reshape writes a number (-1, 32) that shapes decide: the whole class is baked
        "Head": ", **kwargs",
        "ResidualMLP": ", in_features, **kwargs",  # dim // 2 and classes reach Head's baked ones
    }
    assert "layers.Dense(dim * expansion, activation=\"relu\")" in text and "epsilon=eps" in text
    model = api.load(source)
    infer_shapes(model, Reporter())
    plan = plan_model(model, WriteOptions(target="keras"))
    assert plan.main.model_expr == "ResidualMLP(20)"  # how verify builds it: the source's arguments
    verified(source, out)


@pytest.mark.parametrize("name", ["conv_blocks_widths_kwargs", "mlp_blocks_hidden_view"])
def test_the_same_input_gives_the_same_classes(tmp_path, name):
    source = PROGRAMS / f"{name}.py"
    first = migrated(tmp_path, source).read_text()
    assert migrated(tmp_path, source).read_text() == first


def test_a_parameter_converted_with_float_arithmetic_is_baked(tmp_path):
    """PyTorch's BatchNorm momentum m is Keras's 1 - m: a float expression the class does not keep,
    so momentum is written as each instance's value; eps and the slope pass on as they are."""
    text = """
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, ch, momentum=0.1, eps=1e-5, slope=0.2):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch * 2, 3, padding=1)
        self.bn = nn.BatchNorm2d(ch * 2, momentum=momentum, eps=eps)
        self.act = nn.LeakyReLU(slope)

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = Block(3)
        self.b = Block(6, momentum=0.01)

    def forward(self, x):
        return self.b(self.a(x))
"""
    source = tmp_path / "blocks.py"
    source.write_text(text)
    out = migrated(tmp_path, source)
    code = out.read_text()
    assert "def __init__(self, ch, eps=1e-05, slope=0.2, **kwargs):" in code
    assert "BatchNormalization(momentum=0.9, epsilon=eps)" in code
    assert "BatchNormalization(momentum=0.99, epsilon=eps)" in code
    assert "layers.LeakyReLU(negative_slope=slope)" in code and "Conv2D(ch * 2, 3" in code
    verified(source, out)
