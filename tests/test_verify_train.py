"""``nnport verify --train``: both sides' generated training code from the same weights on the
same synthetic batches; a migration whose training is right passes, one whose training is
wrong (a left-out weight decay or regulariser, another learning-rate schedule) is caught."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnport import api
from nnport.cli import main
from nnport.options import WriteOptions
from nnport.verify.training import verify_training

pytest.importorskip("torch")
pytest.importorskip("keras")

TESTS = Path(__file__).parent
MODELS = TESTS / "models"


def migrated(source: Path, target: str, tmp_path: Path, edit=None, **options) -> Path:
    code = api.migrate(source, WriteOptions(target=target, **options))
    out = tmp_path / f"{source.stem}_{target}.py"
    out.write_text(edit(code) if edit else code)
    return out


def check(source: Path, target: str, tmp_path: Path, edit=None, **options):
    return verify_training(source, migrated(source, target, tmp_path, edit, **options), steps=3)


def test_torch_lenet_on_mnist_trains_the_same_in_keras(tmp_path):
    """torchvision MNIST with ToTensor + Normalize, SGD lr=0.9: the Keras side's prepare() and the
    PyTorch side's transform give the same batches; each step's loss and the weights agree."""
    result = check(MODELS / "torch/lenet_sequential.py", "keras", tmp_path)
    assert result.passed, result.summary()
    assert len(result.steps) == 3 and all(s.diff < 1e-5 for s in result.steps)
    assert result.source_lr == pytest.approx(result.migrated_lr) and len(result.source_lr) == 10
    assert max(d for d, _c, _r in result.weights.values()) < 1e-5
    assert any("mnist images" in note for note in result.notes)


def test_keras_sgd_classifier_trains_the_same_in_torch(tmp_path):
    result = check(MODELS / "keras/activation_objects.py", "torch", tmp_path)
    assert result.passed, result.summary()
    assert result.source_lr == pytest.approx(result.migrated_lr) and result.source_lr[0] == pytest.approx(0.01)


def test_a_kernel_regularizer_left_out_of_the_torch_loss_is_caught(tmp_path):
    """Keras adds l2(0.01) of the first kernel to the loss; the PyTorch code has no such term."""
    result = check(MODELS / "keras/mlp_keras2.py", "torch", tmp_path)
    assert not result.passed and not result.losses_agree
    assert all(s.diff > 0.1 for s in result.steps)  # the penalty itself, from the first step


def test_a_schedule_changed_in_the_migrated_file_is_caught_per_epoch(tmp_path):
    """StepLR(5, 0.5) becomes a LearningRateScheduler; the same file with another factor differs
    from epoch 5 on, while the steps (all in epoch 0) agree."""
    source = TESTS / "golden/torch_mlp_sequential/input.py"
    edit = lambda code: code.replace("0.05 * 0.5 ** (epoch // 5)", "0.05 * 0.1 ** (epoch // 5)")  # noqa: E731
    result = check(source, "keras", tmp_path, edit)
    assert result.losses_agree and not result.lrs_agree and result.first_lr_difference == 5
    assert result.source_lr[5] == pytest.approx(0.025) and result.migrated_lr[5] == pytest.approx(0.005)


def test_cli_report_and_exit_status(tmp_path):
    source = MODELS / "keras/activation_objects.py"
    out = migrated(source, "torch", tmp_path)
    report = tmp_path / "train.json"
    done = CliRunner().invoke(main, ["verify", str(source), str(out), "--train", "--steps", "2",
                                     "--report", str(report)])
    assert done.exit_code == 0, done.output
    data = json.loads(report.read_text())
    assert data["passed"] and len(data["steps"]) == 2 and data["tolerances"]["weight_rtol"] == 1e-3
    assert set(data["steps"][0]) >= {"source_loss", "migrated_loss", "diff", "agrees"}
    broken = out.read_text().replace("lr=0.01", "lr=0.02")
    out.write_text(broken)
    assert CliRunner().invoke(main, ["verify", str(source), str(out), "--train", "--steps", "2"]).exit_code == 1


def test_a_source_without_training_code_is_refused(tmp_path):
    source = tmp_path / "net.py"
    source.write_text("from torch import nn\nmodel = nn.Sequential(nn.Linear(4, 2))\n")
    out = migrated(source, "keras", tmp_path)
    done = CliRunner().invoke(main, ["verify", str(source), str(out), "--train"])
    assert done.exit_code == 2 and "no training code" in done.output
