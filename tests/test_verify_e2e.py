"""End to end: migrate a file, verify it against the source; a hand-broken migration is caught
with the diverging layer named; the CLI's exit statuses, JSON report and plot."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import nnport
from nnport import api
from nnport.cli import main
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

MODELS = Path(__file__).parent / "models"

BN_NET = '''
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.act = nn.ReLU()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flat = nn.Flatten()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(self.flat(self.pool(self.act(self.bn(self.conv(x))))))


model = Net()
model(torch.randn(1, 3, 8, 8))
'''


def migrate(source: Path, target: str, out: Path, **options) -> Path:
    out.write_text(api.migrate(source, WriteOptions(target=target, only_model=True, **options)))
    return out


@pytest.fixture()
def bn_source(tmp_path):
    path = tmp_path / "bn_net.py"
    path.write_text(BN_NET)
    return path


def test_migrated_batchnorm_network_verifies(bn_source, tmp_path):
    migrated = migrate(bn_source, "keras", tmp_path / "bn_keras.py")
    result = nnport.verify(bn_source, migrated, trials=5, seed=1)
    assert result.passed, result.summary()
    assert len(result.trials) == 5 and result.max < 1e-5
    assert {"conv", "bn", "fc"} <= set(result.per_layer)
    assert result.first_diverging is None


def test_wrong_batchnorm_epsilon_is_caught_and_named(bn_source, tmp_path):
    migrated = migrate(bn_source, "keras", tmp_path / "bn_keras.py")
    code = migrated.read_text()
    assert "epsilon=1e-05" in code
    migrated.write_text(code.replace("epsilon=1e-05", "epsilon=0.5"))
    result = nnport.verify(bn_source, migrated, trials=3)
    assert not result.passed
    assert result.first_diverging == "bn"
    assert result.per_layer["conv"] < 1e-5


def test_cli_exit_status_report_and_plot(bn_source, tmp_path):
    migrated = migrate(bn_source, "keras", tmp_path / "bn_keras.py")
    report, plot = tmp_path / "report.json", tmp_path / "mad.png"
    ok = CliRunner().invoke(main, ["verify", str(bn_source), str(migrated), "--trials", "4", "--report",
                                   str(report), "--plot", str(plot)])
    assert ok.exit_code == 0, ok.output
    data = json.loads(report.read_text())
    assert data["passed"] and len(data["trials"]) == 4 and data["max"] == max(data["trials"])
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    migrated.write_text(migrated.read_text().replace("epsilon=1e-05", "epsilon=0.5"))
    bad = CliRunner().invoke(main, ["verify", str(bn_source), str(migrated), "--trials", "2"])
    assert bad.exit_code == 1
    assert "first diverging layer: bn" in bad.output


def test_cli_bad_input_exits_2(bn_source, tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("import keras\nraise RuntimeError('boom')\n")
    result = CliRunner().invoke(main, ["verify", str(bn_source), str(broken), "--trials", "1"])
    assert result.exit_code == 2
    assert "broken.py:2:" in result.output and "boom" in result.output


# The paper's networks (the large ones run in tests/test_backend_models.py and the benchmarks).
@pytest.mark.parametrize("source, target", [
    ("torch/tf_tutorial_sequential.py", "keras"),
    ("keras/tf_tutorial_subclass.py", "torch"),
    ("keras/tf_tutorial_sequential.py", "torch"),
    ("torch/lstm_sentiment.py", "keras"),
    ("torch/cnn_rnn.py", "keras"),
    ("keras/cnn_rnn_subclass.py", "torch"),
    pytest.param("keras/alexnet_subclass.py", "torch", marks=pytest.mark.slow),
    ("keras/lstm_sentiment.py", "torch"),
])
def test_paper_networks_verify(source, target, tmp_path):
    migrated = migrate(MODELS / source, target, tmp_path / "migrated.py")
    result = nnport.verify(MODELS / source, migrated, trials=2, batch=1)
    assert result.passed, result.summary()
    assert result.per_layer and result.first_diverging is None


CONV_FLATTEN = '''
import torch
from torch import nn

model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 4 * 5, 3))
model(torch.zeros(2, 3, 6, 7))
'''


def test_native_layout_reorders_dense_rows_after_flatten(tmp_path):
    source = tmp_path / "conv_flatten.py"
    source.write_text(CONV_FLATTEN)
    migrated = migrate(source, "keras", tmp_path / "native.py", layout="native")
    assert "keras.Input(shape=(6, 7, 3))" in migrated.read_text()
    result = nnport.verify(source, migrated, layout="native", trials=3)
    assert result.passed, result.summary()
    assert result.first_diverging is None and "2" in result.per_layer  # flatten compared in source order


def test_flattened_features_reorder_between_layouts():
    import numpy as np

    from nnport.weights import reorder_flattened

    rng = np.random.default_rng(0)
    chw = rng.random((2, 3, 4), dtype=np.float32)  # one sample's features (C, H, W)
    weight = rng.random((5, 24), dtype=np.float32)
    moved = reorder_flattened(weight, (2, 3, 4), ("C", "H", "W"), ("H", "W", "C"))
    np.testing.assert_allclose(moved @ chw.transpose(1, 2, 0).reshape(-1), weight @ chw.reshape(-1), rtol=1e-6)


@pytest.mark.parametrize("variant, layout", [("expected_keras_functional", "source"),
                                             ("expected_keras_functional_native", "native")])
def test_per_layer_comparison_enters_a_sub_network_called_after_a_layer(variant, layout):
    """A Flatten layer read by the ``classifier`` Sequential: its output is paired through the
    sub-network's first Linear (whose rows the native layout reorders)."""
    case = Path(__file__).parent / "golden/torch_lenet_flatten"
    result = nnport.verify(case / "input.py", case / f"{variant}.py", style="functional", layout=layout,
                           trials=2, batch=2)
    assert result.passed, result.summary()
    assert {"features.0", "flatten", "classifier.0", "classifier.2"} <= set(result.per_layer)
    assert not result.not_compared  # the ReLUs are fused into the Keras layers before them
    assert max(result.per_layer.values()) < 1e-5
