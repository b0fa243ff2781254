"""Table 2 / RQ2b: train each source network and its migration the same way; compare accuracy.

Both sides start from the same weights (nnport's converter copies source -> migrated), see the
same batches in the same order and use the same optimizer settings; only the frameworks' own
randomness (dropout masks), arithmetic and the optimizer details trainers.py lists differ.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import datasets, engine, trainers
from .common import BENCH, BUILD, TEST_MODELS, Settings, first_line, markdown_table, write_csv, write_markdown

COLUMNS = ["dataset", "model", "source", "source_file", "tf_accuracy", "torch_accuracy", "gap", "tf_std",
           "torch_std", "largest_seed_gap", "initial_mad", "seeds", "epochs", "train_size", "test_size",
           "seconds", "error"]


@dataclass(frozen=True)
class Subject:
    name: str
    framework: str  # the paper's source framework for this network
    offline: Path  # the file trained by default (CPU-sized where the real one is too big)
    full: Path
    data: str  # "image" | "text"


SUBJECTS = [
    Subject("AlexNet", "torch", BENCH / "networks/alexnet_cifar.py", TEST_MODELS / "torch/alexnet_subclass.py", "image"),
    Subject("VGG16", "torch", BENCH / "networks/vgg16_cifar.py", TEST_MODELS / "torch/vgg16_subclass.py", "image"),
    Subject("TF-Tutorial", "keras", TEST_MODELS / "keras/tf_tutorial_sequential.py",
            TEST_MODELS / "keras/tf_tutorial_sequential.py", "image"),
    Subject("CNN-RNN", "keras", TEST_MODELS / "keras/cnn_rnn_functional.py",
            TEST_MODELS / "keras/cnn_rnn_functional.py", "text"),
    Subject("LSTM", "keras", TEST_MODELS / "keras/lstm_sentiment.py", TEST_MODELS / "keras/lstm_sentiment.py", "text"),
]


SEEDS = 3  # trainings per pair: one seed fixes the initial weights, the batch order and dropout


def _sizes(settings: Settings, dataset: str, network: str) -> tuple[int | None, int | None, int]:
    """(train size, test size, epochs); None = the whole split."""
    if settings.full:
        return None, None, 50 if dataset == "SST-2" else 10
    if settings.quick:
        return 256, 256, 1
    if network in ("AlexNet", "VGG16"):  # deeper, no BatchNorm: over a thousand steps to converge
        return None, None, 30 if dataset == "digits" else 10  # digits: a third of MNIST-5k's images
    if network in ("CNN-RNN", "LSTM"):  # a few planted words per text: more passes
        return None, None, 5
    return None, None, 3


def _data(spec, name: str, n_train, n_test):
    t = spec.type
    if "int" in t.dtype:
        x, y, xs, ys = datasets.load(name, vocab=spec.high or 1000, length=t.shape[1] or 100)
    else:
        x, y, xs, ys = datasets.load(name)
        x, xs = datasets.standardize(*(datasets.fit_images(a, t.shape[1:], t.roles[1:]) for a in (x[:n_train], xs[:n_test])))
    return x[:n_train], y[:n_train], xs[:n_test], ys[:n_test]


def _shown(path: Path) -> str:
    return path.relative_to(BENCH.parent).as_posix() if path.is_relative_to(BENCH.parent) else str(path)


def _seed_everything(seed: int) -> None:
    import keras
    import torch

    torch.manual_seed(seed)
    keras.utils.set_random_seed(seed)


def train_pair(source: Path, migrated: Path, framework: str, model, data, epochs: int, seed: int) -> dict:
    """One training of the source network and of its migration from the same initial weights."""
    from nnport.verify.arrays import mad
    from nnport.weights import runtime

    target = engine.OTHER[framework]
    x, y, xs, ys = data
    _seed_everything(seed)
    src = runtime.source_model(source, model)  # built as the file builds it (verify does the same)
    dst = engine.load_migrated(migrated, model, target, "subclassing")
    probe = engine.to_numpy(engine.forward(src, framework, [x[:8]]))[0]
    engine.forward(dst, target, [x[:8]])  # builds Keras layers before weights are copied
    engine.copy_weights(model, src, dst, target, "subclassing")
    result = {"initial_mad": mad(probe, engine.to_numpy(engine.forward(dst, target, [x[:8]]))[0])}
    task = trainers.task_of(probe)
    config = trainers.Config(epochs=epochs, seed=seed)
    for obj, fw in ((src, framework), (dst, target)):
        (trainers.train_torch if fw == "torch" else trainers.train_keras)(obj, x, y, config, task)
        result[fw] = trainers.accuracy(trainers.predict(obj, fw, xs), ys, task)
    return result


def compare(subject: Subject, dataset: str, settings: Settings) -> dict:
    from nnport.verify.arrays import input_specs

    source = subject.full if settings.full else subject.offline
    target = engine.OTHER[subject.framework]
    n_train, n_test, epochs = _sizes(settings, dataset, subject.name)
    seeds = range(settings.pick(1, SEEDS, 1))
    row = {"dataset": dataset, "model": subject.name, "source": subject.framework, "epochs": epochs,
           "source_file": _shown(source), "seeds": len(seeds)}
    start = time.perf_counter()
    try:
        migrated, _ = engine.migrate_to_file(source, target, "subclassing", out_dir=BUILD / "table2")
        model = engine.pivot(source)
        data = _data(input_specs(model)[0], dataset, n_train, n_test)
        runs = [train_pair(source, migrated, subject.framework, model, data, epochs, seed) for seed in seeds]
        row.update(_summary(runs), train_size=len(data[0]), test_size=len(data[2]))
    except Exception as exc:
        row["error"] = first_line(exc)
    row["seconds"] = round(time.perf_counter() - start, 1)
    print(f"  {dataset} {subject.name}: {row.get('tf_accuracy')} vs {row.get('torch_accuracy')} {row.get('error', '')}")
    return row


def _summary(runs: list[dict]) -> dict:
    """Mean accuracy per framework over the seeds, the gap between the means, and the spread."""
    tf, pt = (np.array([r[fw] for r in runs]) for fw in ("keras", "torch"))
    return {"tf_accuracy": round(float(tf.mean()), 4), "torch_accuracy": round(float(pt.mean()), 4),
            "gap": round(abs(float(tf.mean() - pt.mean())), 4),
            "tf_std": round(float(tf.std()), 4), "torch_std": round(float(pt.std()), 4),
            "largest_seed_gap": round(float(np.abs(tf - pt).max()), 4),
            "initial_mad": max(r["initial_mad"] for r in runs)}


def run(settings: Settings, only: tuple[str, ...] = ()) -> list[dict]:
    kind = "full" if settings.full else "offline"
    rows = []
    for subject in SUBJECTS:
        if only and subject.name not in only:
            continue
        names = datasets.IMAGE_SETS[kind] if subject.data == "image" else datasets.TEXT_SETS[kind]
        rows.extend(compare(subject, d, settings) for d in names)
    rows.sort(key=lambda r: (r["dataset"], r["model"]))
    write_csv("table2_accuracy", rows, COLUMNS)
    gaps = [r["gap"] for r in rows if "gap" in r]
    summary = (f"{len(gaps)} / {len(rows)} pairs trained; largest gap between mean accuracies "
               f"**{max(gaps, default=float('nan')):.3f}** (paper: 0.022, VGG16 on CIFAR-10, one training).\n")
    notes = ("`source` is the framework of the original network; the other column is its migration "
             "(subclassing). Accuracies are means over `seeds` trainings (a seed fixes the initial weights, "
             "the batch order and the dropout masks of both sides); `gap` is the difference of the means, "
             "`largest_seed_gap` the largest difference within one seed, `*_std` the spread over seeds. "
             "Test sets are the whole held-out splits. `initial_mad`: max abs difference of the two networks' outputs right after the "
             "weights were copied, before training. Offline data stand in for the paper's datasets: "
             "MNIST-5k and digits for CIFAR-10 / SVHN, seeded texts of 20-40 word ids with a planted rule "
             "(majority of markers, a trigger word) for IMDB / SST-2; `--full` uses the paper's datasets and "
             "10 epochs (50 for SST-2). By default AlexNet and VGG16 are the 32x32 variants in benchmarks/networks/ (the ImageNet-sized ones do not train on "
             "two CPU cores in minutes).\n")
    sections = [summary, markdown_table(rows, COLUMNS[:-1] + (["error"] if any("error" in r for r in rows) else [])),
                notes]
    write_markdown("table2_accuracy", "Table 2 / RQ2b: accuracy of source and migrated networks", sections, settings)
    print(summary)
    return rows
