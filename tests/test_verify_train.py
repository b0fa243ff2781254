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
    factor = lambda code: code.replace("0.5 ** (epoch // 5)", "0.1 ** (epoch // 5)")
    result = check(source, "keras", tmp_path, factor)
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


# --- per-batch code, targets, weight decay and a hand-written decay, read and written ------------

def drop_line(text: str):
    """An edit removing the generated line ``text`` (what an older or a wrong migration wrote)."""
    def edit(code: str) -> str:
        assert text in code, text
        return "\n".join(line for line in code.split("\n") if line.strip() != text)
    return edit


def test_a_batch_flattened_in_the_loop_and_a_rate_divided_by_hand_train_the_same_in_keras(tmp_path):
    """images.reshape(-1, 28 * 28) in the loop is read (the model's input is (N, 784)); the
    rate divided by 3 every 20 epochs becomes StepLR(20, 1/3): the rates of all 60 epochs agree
    with the loop's own arithmetic."""
    source = MODELS / "torch/mnist_mlp_flat_batches.py"
    result = check(source, "keras", tmp_path)
    assert result.passed, result.summary()
    assert result.source_lr == pytest.approx([0.05 / 3 ** (epoch // 20) for epoch in range(60)], rel=1e-12)
    assert result.migrated_lr == pytest.approx(result.source_lr, rel=1e-6)


def test_a_migration_without_the_reshape_or_the_decay_is_caught(tmp_path):
    source = MODELS / "torch/mnist_mlp_flat_batches.py"
    flat = check(source, "keras", tmp_path, drop_line("x = x.reshape(-1, 784)"))
    assert not flat.passed and "migrated training code fails" in flat.failure
    schedule = "keras.callbacks.LearningRateScheduler(lambda epoch: 0.05 * 0.3333333333333333 ** (epoch // 20)),"
    code = api.migrate(source, WriteOptions(target="keras"))
    constant = check(source, "keras", tmp_path, lambda c: c.replace(_one_line(code, "LearningRateScheduler"), ""))
    assert constant.losses_agree and constant.first_lr_difference == 20, schedule


def _one_line(code: str, word: str) -> str:
    """The (formatted, possibly multi-line) list item of ``code`` that holds ``word``."""
    start = code.index(word)
    start = code.rindex("\n", 0, start) + 1
    end = code.index("),\n", start) + 3
    return code[start:end]


def test_a_denoising_loop_trains_the_same_in_keras_with_clean_targets_and_weight_decay(tmp_path):
    """view(size(0), -1), noise, clamp, criterion(output, img): the clean flattened images are
    the targets; SGD(weight_decay=5e-4) without momentum is Keras' weight_decay exactly."""
    source = MODELS / "torch/denoising_autoencoder.py"
    code = api.migrate(source, WriteOptions(target="keras"))
    assert "weight_decay=0.0005" in code and "    y = x\n" in code
    assert check(source, "keras", tmp_path).passed
    labels = check(source, "keras", tmp_path, drop_line("y = x"))  # the digit labels as targets
    assert not labels.passed and (labels.failure or labels.steps[0].diff > 0.1)
    no_decay = check(source, "keras", tmp_path, lambda c: c.replace(", weight_decay=0.0005", ""))
    assert no_decay.losses_agree and not no_decay.weights_agree


def test_keras_fit_on_noisy_inputs_against_clean_ones_trains_the_same_in_torch(tmp_path):
    """fit(x_train_noisy, x_train): the PyTorch batches take the clean images as targets."""
    source = MODELS / "keras/denoising_autoencoder.py"
    code = api.migrate(source, WriteOptions(target="torch"))
    assert "targets = inputs\n" in code and "torch.randn_like(inputs)" in code
    assert check(source, "torch", tmp_path).passed
    labels = check(source, "torch", tmp_path, drop_line("targets = inputs"))
    assert not labels.passed and labels.failure


# --- optimizers' formulas, token ids ---------------------------------------------------------

def test_keras_adam_trains_the_same_in_torch_with_keras_epsilon(tmp_path):
    """Keras adds Adam's epsilon before the bias correction: the PyTorch code's KerasAdam sets
    torch's eps per step; plain torch.optim.Adam with the same eps is caught. Also the one-hot
    targets of categorical_crossentropy meet torchvision's class ids."""
    source = MODELS / "keras/mnist_convnet.py"
    assert check(source, "torch", tmp_path).passed
    plain = check(source, "torch", tmp_path, lambda c: c.replace("return KerasAdam(", "return torch.optim.Adam("))
    assert plain.losses_agree and not plain.weights_agree


def test_torch_adam_trains_the_same_in_keras_with_torch_epsilon(tmp_path):
    source = TESTS / "golden/torch_lenet_flatten/input.py"
    assert check(source, "keras", tmp_path).passed
    plain = check(source, "keras", tmp_path, lambda c: c.replace("return TorchAdam(", "return keras.optimizers.Adam("))
    assert not plain.weights_agree


def test_imdb_token_ids_reach_the_torch_embedding_as_integers(tmp_path):
    """The ids stay int64 in as_dataset (float32 made the Embedding fail). Keras on TensorFlow adds
    each occurrence's squared gradient to Adam's second moment (a sparse gradient), torch the square
    of the summed one: verify trains the Keras side with dense gradients, as on JAX or torch, says
    so, and then every weight agrees."""
    source = MODELS / "keras/imdb_embedding_average.py"
    floats = check(source, "torch", tmp_path, lambda c: c.replace("dtype=torch.long", "dtype=torch.float32"))
    assert not floats.passed and "migrated training code fails" in floats.failure and "Long" in floats.failure
    result = check(source, "torch", tmp_path)
    assert result.passed and not result.stated, result.summary()
    assert result.weights["0.weight"][0] < 1e-6
    assert any("dense gradients" in line and "on an embedding" in line for line in result.not_comparable)


CLIPPED = '''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(20, 32), nn.Tanh(), nn.Linear(32, 3))

if __name__ == "__main__":
    X, y = torch.randn(600, 20), torch.randint(0, 3, (600,))
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=50, shuffle=True)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(10):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.1)
            optimizer.step()
'''


def test_gradient_clipping_in_the_loop_is_keras_global_clipnorm(tmp_path):
    source = tmp_path / "clipped.py"
    source.write_text(CLIPPED)
    code = api.migrate(source, WriteOptions(target="keras"))
    assert "global_clipnorm=0.1" in code
    assert check(source, "keras", tmp_path).passed
    unclipped = check(source, "keras", tmp_path, lambda c: c.replace(", global_clipnorm=0.1", ""))
    assert not unclipped.weights_agree
