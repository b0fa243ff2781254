"""Generated code is clean Python: pyflakes and pycodestyle (ruff's F, E and W rules, line length
100) find nothing in it: no unused import, no lambda assigned to a name, no unused variable, no
line the formatter could not bring under 100 characters.

Checked over the golden files, over every test model migrated to the other framework in each
style the target has (with the target's native layout too), and over training scripts whose
configurations take every branch of the training skeletons (schedules, callbacks, datasets,
losses, validation split)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nnport.api import migrate
from nnport.backends.render import LINE_LENGTH, format_code
from nnport.backends.training import training_code
from nnport.errors import NnportError, Reporter
from nnport.ir import Graph, Module, Network, Node, PivotModel
from nnport.ir.training import Component, Dataset, Training
from nnport.ir.types import channels_first, generic
from nnport.options import WriteOptions

TESTS = Path(__file__).parent
GOLDEN = sorted((TESTS / "golden").glob("*/expected_*.py"))
MODELS = sorted([*(TESTS / "models" / "torch").glob("*.py"), *(TESTS / "models" / "keras").glob("*.py")])
STYLES = {"torch": ("subclassing", "sequential"), "keras": ("subclassing", "sequential", "functional")}


def lint(paths: list[Path]) -> None:
    """Fails with ruff's findings, one a line, when there are any."""
    assert paths, "nothing to check"
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache",
                           "--select", "E,F,W", "--line-length", str(LINE_LENGTH), "--output-format", "concise",
                           *map(str, paths)], check=False, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr  # 2: ruff itself failed
    if done.returncode:
        pytest.fail(f"ruff finds problems in generated code:\n{done.stdout}", pytrace=False)


def test_golden_files_pass_pyflakes_and_pycodestyle():
    lint(GOLDEN)


@pytest.mark.parametrize("path", MODELS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_migrated_test_models_pass_pyflakes_and_pycodestyle(path, tmp_path):
    target = "keras" if path.parent.name == "torch" else "torch"
    written, refused = [], []
    for style in STYLES[target]:
        for layout in ("source", "native"):
            try:
                code = migrate(path, WriteOptions(target=target, style=style, layout=layout))
            except NnportError as exc:  # a refusal writes no code (its reason is tested elsewhere)
                refused.append(f"{style}/{layout}: {str(exc).splitlines()[0]}")
                continue
            out = tmp_path / f"{path.stem}_{target}_{style}_{layout}.py"
            out.write_text(code, encoding="utf-8")
            written.append(out)
    if not written:
        pytest.skip("every style refused: " + "; ".join(refused))
    lint(written)


# --- training scripts ---------------------------------------------------------------------

SCHEDULES = [
    None,
    Component("step_lr", {"step_size": 2, "gamma": 0.5}),
    Component("exponential_lr", {"gamma": 0.9}),
    Component("cosine_annealing_lr", {"T_max": 5}),
    Component("exponential_decay", {"initial_lr": 0.1, "decay_steps": 3, "decay_rate": 0.5, "staircase": True}),
    Component("cosine_decay", {"initial_lr": 0.1, "decay_steps": 3}),
    Component("inverse_time_decay", {"initial_lr": 0.1, "decay_steps": 3, "decay_rate": 0.5}),
    Component("piecewise_constant_decay", {"boundaries": [2, 4], "values": [0.1, 0.01, 0.001]}),
]
CALLBACKS = [
    [],
    [Component("early_stopping", {"patience": 1, "restore_best_weights": True, "start_from_epoch": 2})],
    [Component("early_stopping", {"monitor": "val_accuracy"}), Component("reduce_lr_on_plateau")],
    [Component("model_checkpoint", {"filepath": "weights_{epoch:02d}.keras"})],
    [Component("model_checkpoint", {"filepath": "best.keras", "save_best_only": True})],
]
IMAGES = channels_first((None, 1, 28, 28))
DATASETS = [  # (datasets, the model's input type)
    ([], None),
    ([Dataset("train", "mnist", transforms=[{"kind": "scale", "factor": 1 / 255},
                                            {"kind": "normalize", "mean": [0.1307], "std": [0.3081]}])], IMAGES),
    ([Dataset("train", "cifar10")], channels_first((None, 3, 32, 32))),
    ([Dataset("train", "imdb")], None),
    ([Dataset("train", "svhn")], channels_first((None, 3, 32, 32))),
    ([Dataset("train", "arrays")], None),
]
LOSSES = [Component("cross_entropy"), Component("mse"), Component("binary_cross_entropy"), Component("nll_loss"),
          Component("cross_entropy", {"from_logits": True})]
OPTIMIZERS = [Component("adamw"), Component("sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True}), None]


def configurations():
    """Every schedule, callback list, dataset, loss and optimizer at least once; validation split
    on every other configuration."""
    count = max(map(len, (SCHEDULES, CALLBACKS, DATASETS, LOSSES, OPTIMIZERS)))
    for i in range(count):
        datasets, input_type = DATASETS[i % len(DATASETS)]
        training = Training(OPTIMIZERS[i % len(OPTIMIZERS)], LOSSES[i % len(LOSSES)], ["accuracy"], epochs=3,
                            batch_size=16, schedule=SCHEDULES[i % len(SCHEDULES)],
                            callbacks=CALLBACKS[i % len(CALLBACKS)], validation_split=0.2 if i % 2 else None)
        yield training, datasets, input_type


def pivot(training: Training, datasets: list[Dataset], input_type) -> PivotModel:
    nodes = [Node("input", outputs=["x"]), Node("call_module", "fc", ["x"], ["fc"]), Node("output", inputs=["fc"])]
    graph = Graph(nodes, {"x": input_type or generic((None, 4))})
    network = Network("Net", {"fc": Module("fc", "linear", {"in_features": 4, "out_features": 3})}, graph)
    return PivotModel({"Net": network}, "Net", training, list(datasets))


@pytest.mark.parametrize("target", ["torch", "keras"])
def test_training_scripts_pass_pyflakes_and_pycodestyle(target, tmp_path):
    written = []
    for i, (training, datasets, input_type) in enumerate(configurations()):
        emitted = training_code(pivot(training, datasets, input_type), target, "Net()", Reporter())
        # as module.py.j2 places it: imports, the network (a stand-in here), the training code
        text = "\n".join(emitted.imports) + "\n\n\ndef Net():\n    return None\n\n\n" + emitted.code
        out = tmp_path / f"training_{target}_{i}.py"
        out.write_text(format_code(text), encoding="utf-8")
        written.append(out)
    lint(written)
