"""A list of layers the source loops over stays a list, and its loop a loop: a Python list in
Keras, ``nn.ModuleList`` in PyTorch. The migrated code is run and compared with the source."""
from pathlib import Path

import numpy as np
import pytest

import nnport
from nnport import api
from nnport.errors import Reporter
from nnport.ir.serialize import dumps
from nnport.options import ReadOptions, WriteOptions
from nnport.passes.shapes import infer_shapes

TESTS = Path(__file__).parent
ZIPPED = TESTS / "models" / "torch" / "module_list_loop.py"
BLOCKS = TESTS / "models" / "programs" / "torch" / "mlp_blocks_hidden_view.py"


def migrated(tmp_path: Path, source: Path, target: str = "keras", **write) -> Path:
    out = tmp_path / f"migrated_{target}.py"
    out.write_text(api.migrate(source, WriteOptions(target=target, **write), ReadOptions(), Reporter()))
    return out


def test_two_lists_looped_over_together_stay_lists_and_a_zip(tmp_path):
    out = migrated(tmp_path, ZIPPED, only_model=True)
    code = out.read_text()
    assert "self.norms = [layers.LayerNormalization(axis=1, epsilon=1e-05) for _ in range(3)]" in code
    # a Keras model owns `layers`: the list takes another name
    assert "self.layers_list = [layers.Dense(64), layers.Dense(64), layers.Dense(32)]" in code
    assert "for layer, norm in zip(self.layers_list, self.norms):" in code
    assert "norms_1" not in code
    result = nnport.verify(ZIPPED, out, trials=3)
    assert result.passed, result.summary()


def test_a_list_of_blocks_of_one_class_is_a_comprehension_and_a_loop(tmp_path):
    out = migrated(tmp_path, BLOCKS)
    code = out.read_text()
    assert "self.blocks = [ResidualBlock(32, dropout=0.1) for _ in range(3)]" in code
    assert "        for block in self.blocks:\n            x = block(x)\n" in code
    result = nnport.verify(BLOCKS, out, trials=3)
    assert result.passed, result.summary()


def test_pytorch_writes_module_lists_whose_weights_are_the_sources(tmp_path):
    torch = pytest.importorskip("torch")
    model = api.load(ZIPPED)
    infer_shapes(model, Reporter())
    pivot = tmp_path / "model.json"
    pivot.write_text(dumps(model))
    out = migrated(tmp_path, pivot, "torch", only_model=True)
    code = out.read_text()
    assert "self.layers = nn.ModuleList([nn.Linear(32, 64), nn.Linear(64, 64), nn.Linear(64, 32)])" in code
    assert "for layer, norm in zip(self.layers, self.norms):" in code
    namespace: dict = {}
    exec(compile(code, str(out), "exec"), namespace)  # noqa: S102 - the generated file, not the user's
    source_namespace: dict = {"__name__": "source"}
    exec(compile(ZIPPED.read_text(), str(ZIPPED), "exec"), source_namespace)  # noqa: S102 - a test model
    torch.manual_seed(0)
    source = source_namespace["DeepMLP"]()
    written = namespace["DeepMLP"]()
    written.load_state_dict(source.state_dict())  # the same parameter names: layers.0.weight ...
    x = torch.randn(4, 32)
    np.testing.assert_allclose(written(x).detach().numpy(), source(x).detach().numpy(), atol=1e-6)


def test_items_called_out_of_order_stay_unrolled(tmp_path):
    text = '''
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fcs = nn.ModuleList([nn.Linear(8, 8) for _ in range(3)])

    def forward(self, x):
        x = self.fcs[2](x)
        x = self.fcs[0](x)
        return self.fcs[1](x)


model = Net()
'''
    source = tmp_path / "order.py"
    source.write_text(text)
    code = migrated(tmp_path, source, only_model=True).read_text()
    assert "for " not in code and "self.fcs_2 = layers.Dense(8)" in code
