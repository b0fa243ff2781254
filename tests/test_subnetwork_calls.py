"""A network class of the file called in forward with constant arguments (``mask=None``,
``causal=True``, a parameter left at its default) is traced for them, as Python runs it; tensors
given by keyword are its inputs; one module called with other constants is refused."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

SOURCE = """
from torch import nn


class Block(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc = nn.Linear(width, width)

    def forward(self, x, skip=None, scale=1.0, gated=False):
        y = self.fc(x) * scale
        if gated:
            y = y.sigmoid()
        return y if skip is None else y + skip


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.first = Block(8)
        self.second = Block(8)

    def forward(self, x):
        h = self.first(x, gated=True)
        {second}
"""


def test_each_call_is_traced_with_its_constants(tmp_path):
    source = SOURCE.format(second="return self.second(h, skip=x, scale=0.5)")
    code, result = migrate_and_verify(source, tmp_path, "keras")
    assert result.passed, result.summary()
    assert "self.second([h, x])" in code  # the tensor given by keyword is an input, the constants are not
    assert code.count("(layers.Layer)") == 2 and code.count("(keras.Model)") == 1  # Block twice (gated, with a skip)


def test_one_module_called_with_other_constants_is_refused(tmp_path):
    path = tmp_path / "net.py"
    path.write_text(SOURCE.format(second="return self.first(h)"))
    with pytest.raises(NnportError) as caught:
        migrate(path, WriteOptions(target="keras", only_model=True))
    assert "module 'first' is called with other constant arguments than before" in str(caught.value)
