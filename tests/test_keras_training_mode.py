"""Trap: Keras 3's fit reaches BatchNormalization and Dropout in training mode only through a
call() that declares ``training``; a subclassed model without it trains with frozen moving
statistics and no dropout, while its inference (what verify compares) is right. Every generated
Keras class declares it, and fit updates the statistics of a block nested two levels down."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from nnport import api
from nnport.errors import Reporter
from nnport.options import ReadOptions, WriteOptions

SOURCE = Path(__file__).parent / "models" / "programs" / "torch" / "conv_blocks_widths_kwargs.py"


def test_fit_trains_the_batch_norms_of_nested_blocks(tmp_path):
    keras = pytest.importorskip("keras")
    code = api.migrate(SOURCE, WriteOptions(target="keras", only_model=True), ReadOptions(), Reporter())
    assert code.count("def call(self, x, training=None):") == code.count("def call(")
    out = tmp_path / "migrated_keras.py"
    out.write_text(code)
    spec = importlib.util.spec_from_file_location("migrated_keras", out)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.SmallConvNet()
    model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    rng = np.random.default_rng(0)
    x = (rng.random((16, 3, 8, 8)) * 4 + 2).astype("float32")
    y = rng.integers(0, 10, 16)
    model(x)
    block = model.features.layers[1]  # a ConvBlock inside the Sequential
    before = np.array(block.bn.moving_mean)
    model.fit(x, y, batch_size=16, epochs=1, verbose=0)
    assert not np.allclose(np.array(block.bn.moving_mean), before)
