"""Notebooks: code cells joined, magics and shell lines kept as comments, then read like a .py."""
import json

from nnport import api
from nnport.errors import NnportError, Reporter
from nnport.frontends.notebook import code_of
from nnport.passes.shapes import infer_shapes

CELLS = [
    {"cell_type": "markdown", "source": ["# A small classifier\n"]},
    {"cell_type": "code", "source": ["!pip install tensorflow\n", "%matplotlib inline\n",
                                     "import keras\n", "from keras import layers\n"]},
    {"cell_type": "code", "source": "model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4)])\n"
                                    "model.compile(optimizer='adam', loss='mse')\n"},
]


def notebook(tmp_path, cells=CELLS):
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    return path


def test_code_cells_are_joined_and_magics_are_marked(tmp_path):
    code = code_of(notebook(tmp_path).read_text(), "nb.ipynb")
    assert "# A small classifier" not in code
    assert "pass  # nnport: IPython line not read: !pip install tensorflow" in code
    assert "%matplotlib" in code and "model = keras.Sequential" in code
    compile(code, "nb.ipynb", "exec")


def test_notebook_is_read_as_a_keras_model(tmp_path):
    reporter = Reporter()
    model = api.load(notebook(tmp_path), reporter=reporter)
    infer_shapes(model, reporter)
    assert not reporter.errors
    assert [m.kind for m in model.network.modules.values()] == ["linear"]
    assert model.network.modules["dense"].attrs["in_features"] == 8
    assert model.training.loss is not None


def test_invalid_notebook_is_reported(tmp_path):
    path = tmp_path / "bad.ipynb"
    path.write_text("{not json")
    try:
        api.load(path)
    except NnportError as exc:
        assert "not a Jupyter notebook" in str(exc) and "bad.ipynb:1:" in str(exc)
    else:
        raise AssertionError("expected an error")
