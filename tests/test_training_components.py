"""Schedules, metrics and callbacks across frameworks, on training files of our own written as
real ones are: ``verify --train`` runs both sides' generated training steps and compares the
learning rate of every epoch of the source's run; the PyTorch loop written for Keras metrics and
logging callbacks computes and writes what Keras does."""
import csv
import math
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from test_generated_lint import lint
from test_generated_training import generated, torch_losses

from nnport import api
from nnport.errors import Reporter
from nnport.options import WriteOptions
from nnport.verify.training import verify_training

pytest.importorskip("torch")
pytest.importorskip("keras")

MODELS = Path(__file__).parent / "models" / "training"

# (file, target, options, the source's rate per epoch where the test states it)
SCHEDULED = [
    ("keras_regression_callbacks.py", "torch", {}, None),  # ExponentialDecay, staircase, per step
    ("keras_piecewise_classifier.py", "torch", {}, [0.05, 0.01, 0.002, 0.002, 0.002]),  # 100 steps an epoch
    ("keras_cosine_regressor.py", "torch", {"factory": "Regressor()"}, None),  # CosineDecay(alpha=0.1)
    ("torch_multistep_mlp.py", "keras", {}, [0.05] * 3 + [0.005] * 3 + [0.0005] * 2),
    ("torch_cosine_convnet.py", "keras", {}, None),  # CosineAnnealingLR(T_max=6, eta_min=1e-5)
    ("torch_exponential_regression.py", "keras", {}, [1e-2 * 0.8 ** e for e in range(5)]),
    ("torch_plateau_validation.py", "keras", {}, [0.02] * 10),  # ReduceLROnPlateau: never reduced
    ("torch_one_cycle.py", "keras", {}, None),  # OneCycleLR stepped per batch, 16 batches an epoch
]


@pytest.mark.parametrize("name, target, options, rates", SCHEDULED, ids=[s[0] for s in SCHEDULED])
def test_a_schedule_trains_with_the_same_rate_every_epoch_in_the_other_framework(tmp_path, name, target,
                                                                                 options, rates):
    source = MODELS / name
    out = tmp_path / f"{source.stem}_{target}.py"
    out.write_text(api.migrate(source, WriteOptions(target=target)), encoding="utf-8")
    lint([out])
    result = verify_training(source, out, steps=3, **options)
    assert result.passed, result.summary()
    assert len(result.source_lr) > 1 and result.lrs_agree
    assert len(set(np.round(result.source_lr, 12))) > 1 or name.startswith("torch_plateau")  # a real schedule
    if rates is not None:
        assert result.source_lr == pytest.approx(rates, rel=1e-6)


def test_keras_cosine_decay_is_written_as_a_per_step_lambda_lr():
    code = api.migrate(MODELS / "keras_cosine_regressor.py", WriteOptions(target="torch"))
    assert "torch.optim.lr_scheduler.LambdaLR(" in code and "math.cos(math.pi * min(step, 50) / 50)" in code


@pytest.fixture
def summary_writer(monkeypatch):
    """torch.utils.tensorboard needs the tensorboard package: a stand-in records the scalars."""
    written = []

    class SummaryWriter:
        def __init__(self, log_dir):
            written.append(("log_dir", log_dir))

        def add_scalar(self, name, value, step):
            written.append((name, value, step))

        def close(self):
            written.append(("closed",))

    module = types.ModuleType("torch.utils.tensorboard")
    module.SummaryWriter = SummaryWriter
    monkeypatch.setitem(sys.modules, "torch.utils.tensorboard", module)
    return written


def test_keras_metrics_and_logging_callbacks_become_torch_loop_code(tmp_path, monkeypatch, summary_writer):
    """MeanSquaredError / MeanAbsoluteError objects are computed in evaluate(); CSVLogger writes
    Keras' rows; TensorBoard is a SummaryWriter; EarlyStopping and ModelCheckpoint stay loop code."""
    import torch

    reporter = Reporter()
    api.migrate(MODELS / "keras_regression_callbacks.py", WriteOptions(target="torch"), reporter=reporter)
    assert not [d for d in reporter.diagnostics if "not translated" in d.message or "not written" in d.message]
    monkeypatch.chdir(tmp_path)
    torch.manual_seed(0)
    module = generated(MODELS / "keras_regression_callbacks.py", "torch", tmp_path)
    model = module.Model()
    rng = np.random.default_rng(0)
    x = rng.random((96, 12)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    _before, _after, history = torch_losses(module, model, x, y, epochs=2)
    data = torch.utils.data.TensorDataset(torch.tensor(x), torch.tensor(y))
    logs = module.evaluate(model, torch.utils.data.DataLoader(data, batch_size=16))
    with torch.no_grad():
        error = model(torch.tensor(x)).numpy() - y
    assert logs["mean_squared_error"] == pytest.approx(float((error ** 2).mean()), rel=1e-5)
    assert logs["mean_absolute_error"] == pytest.approx(float(np.abs(error).mean()), rel=1e-5)
    assert logs["loss"] == pytest.approx(logs["mean_squared_error"], rel=1e-5)  # the loss is mse too
    rows = list(csv.reader((tmp_path / "training_log.csv").open()))
    assert rows[0] == ["epoch", *sorted(history[0])] and [r[0] for r in rows[1:]] == ["0", "1"]
    assert float(rows[2][rows[0].index("val_mean_absolute_error")]) == pytest.approx(
        history[1]["val_mean_absolute_error"])
    assert summary_writer[0] == ("log_dir", "logs") and summary_writer[-1] == ("closed",)
    assert ("val_loss", history[1]["val_loss"], 1) in summary_writer
    assert (tmp_path / "regressor.pt").exists()  # ModelCheckpoint(save_best_only=True)


def test_root_mean_squared_error_is_the_root_of_the_epochs_mean_square(tmp_path, summary_writer):
    import torch

    torch.manual_seed(0)
    module = generated(MODELS / "keras_cosine_regressor.py", "torch", tmp_path)
    model = module.Regressor()
    x = np.random.default_rng(1).normal(size=(40, 13)).astype("float32")
    y = np.random.default_rng(2).normal(size=(40,)).astype("float32")
    data = torch.utils.data.TensorDataset(torch.tensor(x), torch.tensor(y))
    logs = module.evaluate(model, torch.utils.data.DataLoader(data, batch_size=16))
    with torch.no_grad():
        error = model(torch.tensor(x)).numpy()[:, 0] - y
    assert logs["root_mean_squared_error"] == pytest.approx(math.sqrt(float((error ** 2).mean())), rel=1e-5)
    assert logs["loss"] == pytest.approx(float(np.abs(error).mean()), rel=1e-5)  # loss="mae"


def test_csv_logger_appends_without_a_second_header(tmp_path, monkeypatch):
    import torch

    monkeypatch.chdir(tmp_path)
    (tmp_path / "history.csv").write_text("epoch,accuracy,loss\n0,0.5,1.0\n")
    torch.manual_seed(0)
    module = generated(MODELS / "keras_piecewise_classifier.py", "torch", tmp_path)
    x = np.random.default_rng(0).normal(size=(32, 20)).astype("float32")
    y = np.random.default_rng(1).integers(0, 4, size=(32,))
    torch_losses(module, module.Classifier(), x, y, epochs=1)
    rows = list(csv.reader((tmp_path / "history.csv").open()))
    assert [r[0] for r in rows] == ["epoch", "0", "0"]  # append=True: the old header stays the only one


def test_a_torch_random_split_is_marked_where_the_keras_data_is_made():
    reporter = Reporter()
    code = api.migrate(MODELS / "torch_plateau_validation.py", WriteOptions(target="keras"), reporter=reporter)
    assert any(d.loc.line == 17 and "random_split is not translated" in d.message for d in reporter.diagnostics)
    assert "# TODO(nnport): random_split is not translated" in code and "source line 17: random_split(" in code


ONE_CYCLE_FROM_THE_LOADER = '''
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(64, 8), torch.randint(0, 2, (64,))),
                                     batch_size=16)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, epochs=3, steps_per_epoch=len(loader))
criterion = nn.CrossEntropyLoss()
for epoch in range(3):
    for xb, yb in loader:
        optimizer.zero_grad()
        criterion(model(xb), yb).backward()
        optimizer.step()
        scheduler.step()
'''


def test_one_cycle_over_a_run_known_only_when_the_file_runs_is_left_out_and_marked(tmp_path):
    source = tmp_path / "one_cycle.py"
    source.write_text(ONE_CYCLE_FROM_THE_LOADER)
    reporter = Reporter()
    code = api.migrate(source, WriteOptions(target="keras"), reporter=reporter)
    assert any(d.loc.line == 9 and "OneCycleLR is not translated: it needs total_steps" in d.message
               for d in reporter.diagnostics)
    assert "# TODO(nnport): OneCycleLR is not translated" in code and "OneCycleSchedule" not in code


def test_one_cycle_momentum_cycling_has_no_keras_form_and_is_reported(tmp_path):
    source = tmp_path / "one_cycle.py"
    source.write_text(ONE_CYCLE_FROM_THE_LOADER.replace("steps_per_epoch=len(loader)", "steps_per_epoch=4"))
    reporter = Reporter()
    code = api.migrate(source, WriteOptions(target="keras"), reporter=reporter)
    assert "learning_rate=OneCycleSchedule(max_lr=0.01, epochs=3, steps_per_epoch=4)" in code
    expected = ("one_cycle_lr: cycle_momentum=True has no equivalent in nnport.helpers.OneCycleSchedule "
                "(momentum cycled between base and max momentum); not written")
    assert [d.message for d in reporter.diagnostics if "cycle_momentum" in d.message] == [expected]


def test_sgd_momentum_under_a_changing_rate_is_reported_in_both_directions():
    for source, target in (("keras_piecewise_classifier.py", "torch"), ("torch_multistep_mlp.py", "keras")):
        reporter = Reporter()
        api.migrate(MODELS / source, WriteOptions(target=target), reporter=reporter)
        assert any(d.message.startswith("sgd: with momentum, a learning rate that changes") for d in reporter.diagnostics)


@pytest.mark.parametrize("options", [{}, {"three_phase": True}, {"anneal_strategy": "linear", "pct_start": 0.25}])
def test_the_keras_one_cycle_class_gives_torchs_rate_at_every_step(options):
    import keras
    import torch

    from nnport.catalog.families.training_one_cycle import HELPER, HELPER_CODE

    namespace = {"keras": keras, "math": math}
    exec(HELPER_CODE, namespace)  # noqa: S102 - the class nnport writes
    schedule = namespace[HELPER](0.1, epochs=5, steps_per_epoch=16, **options)
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.01)
    torch_schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, epochs=5, steps_per_epoch=16,
                                                         cycle_momentum=False, **options)
    rates = []
    for step in range(80):
        rates.append((optimizer.param_groups[0]["lr"], float(schedule(step))))
        optimizer.step()
        if step < 79:
            torch_schedule.step()
    assert [k for _t, k in rates] == pytest.approx([t for t, _k in rates], rel=1e-6)


def test_a_keras_lstm_trains_its_one_bias_once_in_torch_and_the_reverse_twice_in_keras(tmp_path):
    """Keras' LSTM bias is PyTorch's bias_ih + bias_hh: the PyTorch loop freezes bias_hh (zero after
    the weight conversion), so every LSTM weight moves as in Keras (the embedding too: verify gives
    the Keras side dense gradients, as on JAX or torch). The other way, Keras' optimizer steps the
    one bias twice, as PyTorch steps each of its two."""
    golden = Path(__file__).parent / "golden"
    source = golden / "keras_lstm_sentiment/input.py"
    out = tmp_path / "lstm_torch.py"
    out.write_text(api.migrate(source, WriteOptions(target="torch")), encoding="utf-8")
    assert 'if name.startswith("bias_hh"):' in out.read_text()
    result = verify_training(source, out, steps=3)
    assert result.losses_agree and all(s.diff < 1e-4 for s in result.steps)
    differing = [name for name in result.weights if not result.weight_agrees(name)]
    assert differing == [] and result.passed, result.summary()
    reporter = Reporter()
    code = api.migrate(golden / "torch_lstm_classifier/input.py", WriteOptions(target="keras"), reporter=reporter)
    assert "class TwoBiases" in code and 'two_biases = ("lstm_cell/bias",)' in code
    assert not any("two biases" in d.message for d in reporter.diagnostics)  # exact: nothing to say


def test_numpy_draws_take_their_shape_from_size_not_from_their_first_argument(tmp_path):
    source = tmp_path / "tokens.py"
    source.write_text('''
import keras
import numpy as np
from keras import layers

x_train = np.random.randint(0, 1000, size=(800, 60))
y_train = np.random.randint(0, 2, (800,))
noise = np.random.normal(0.0, 1.0, size=(800, 4))
model = keras.Sequential([layers.Embedding(1000, 16), layers.GlobalAveragePooling1D(), layers.Dense(1)])
model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
model.fit(x_train, y_train, epochs=3, batch_size=32)
''')
    model = api.load(source)
    assert [d.attrs["shape"] for d in model.datasets] == [(800, 60)]
