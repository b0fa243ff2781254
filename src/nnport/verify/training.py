"""``nnport verify --train``: both sides' generated training code on the same synthetic batches.

The source side is the training nnport reads from SOURCE, written in SOURCE's own framework
(the same generator as the migration's, so both sides are code a person can read and run); the
migrated side is MIGRATED's own training code. Both models start from the same weights (the
weight converter), run K steps of their data preparation, per-batch code, loss and optimizer,
and are compared step by step, then weight by weight; the learning rate of every epoch of the
source's run is computed from each side's optimizer, schedules and callbacks.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from ..errors import NnportError, Reporter, SourceLoc
from ..options import ReadOptions, WriteOptions
from ..weights import frameworks, pairing, reorders, runtime
from . import arrays, train_data, train_rounding, train_sides
from .train_result import ADAPTIVE, Step, TrainResult
from .train_stated import sparse_only, stated_weights
from .vision import has_torchvision

OTHER = {"torch": "keras", "keras": "torch"}
NEEDED = {"torch": ("make_optimizer", "make_scheduler", "train_step", "train_one_epoch"),
          "keras": ("make_optimizer", "make_callbacks", "compile_model", "train")}
DEFAULT_STEPS_PER_EPOCH = 100
MAX_BATCH = 32


def verify_training(source: str | Path, migrated: str | Path, *, model: str | None = None,
                    factory: str | None = None, migrated_model: str | None = None,
                    migrated_factory: str | None = None, input_shape: tuple | None = None,
                    framework: str | None = None, style: str | None = None, layout: str = "source",
                    steps: int = 5, seed: int = 0, batch: int | None = None,
                    values: dict[str, str] | None = None) -> TrainResult:
    """Train both sides ``steps`` steps from the same weights and compare (this executes both files)."""
    pivot = runtime.load_pivot(source, ReadOptions(model=model, input_shape=input_shape, framework=framework))
    if pivot.training is None:
        raise NnportError("no training code read (no optimizer, loss or epochs): --train compares training",
                          SourceLoc(str(source)))
    source_fw = pivot.source.framework
    target_fw = OTHER[source_fw]
    plan = reorders.target_plan(pivot, WriteOptions(target=target_fw, style=style, layout=layout))
    sides = {"source": _generated(pivot, source_fw), "migrated": _imported(migrated, target_fw)}
    _seed(seed)  # the source model's initial weights, shared by both sides
    source_obj = runtime.source_model(source, pivot, factory, values)
    migrated_obj = runtime.migrated_model(migrated, target_fw, plan.model_expr, migrated_model, migrated_factory)
    size = batch or min(pivot.training.batch_size or MAX_BATCH, MAX_BATCH)
    optimizer = pivot.training.optimizer.kind if pivot.training.optimizer else "adam"
    result = TrainResult(batch=size, seed=seed, notes=list(pivot.notes) + sides["source"][1],
                         scenario=f"{source_fw} -> {target_fw}", adaptive=optimizer in ADAPTIVE)
    _share_weights(source_obj, migrated_obj, pivot, plan)
    raw, notes = train_data.draw(pivot, steps * size, np.random.default_rng(seed))
    result.notes += notes
    _not_comparable(result, pivot, (source_obj, source_fw), (migrated_obj, target_fw), sides)
    result.not_comparable += [f"the Keras side trained with dense gradients, as on JAX or torch; on TensorFlow "
                              f"{why}" for why in sparse_only(pivot)]
    result.notes += train_sides.inference_in_fit(migrated_obj if target_fw == "keras" else source_obj)
    before = train_sides.snapshot(migrated_obj, target_fw)
    torch_side = "source" if source_fw == "torch" else "migrated"
    model64 = train_rounding.float64_copy(source_obj if source_fw == "torch" else migrated_obj)
    orders = {"source": [None] * len(raw.specs), "migrated": plan.input_orders or [None] * len(raw.specs)}
    losses = {}
    for side, obj, fw in (("source", source_obj, source_fw), ("migrated", migrated_obj, target_fw)):
        losses[side] = _train(sides[side][0], fw, obj, raw, orders[side], size, steps, result, side)
    if result.failure is None:
        result.steps = [Step(i, a, b) for i, (a, b) in enumerate(zip(losses["source"], losses["migrated"]))]
        if len(losses["source"]) != len(losses["migrated"]):
            result.failure = f"steps run: {len(losses['source'])} (source), {len(losses['migrated'])} (migrated)"
        ns = sides[torch_side][0]
        model64 = _float64_run(result, ns, model64, losses[torch_side],
                               lambda: train_data.torch_batches(ns, raw, orders[torch_side], size, steps))
        result.weights = _compare_weights(source_obj, migrated_obj, pivot, plan, before, target_fw, result, model64)
        result.stated = {n: why for n, why in stated_weights(pivot, migrated_obj, target_fw, plan.paths).items()
                         if n in result.weights}
        result.not_comparable += [f"{n}: {why}" for n, why in sorted(result.stated.items())
                                  if not result.weight_agrees(n)]
        if result.stated_moved and any(not s.agrees(result.tolerances) for s in result.steps[1:]):
            result.not_comparable.append("losses after the first step: they follow the stated differences")
    _learning_rates(result, pivot, sides, (source_obj, source_fw), (migrated_obj, target_fw))
    return result


def _seed(seed: int) -> None:
    import keras
    import torch

    torch.manual_seed(seed)
    keras.utils.set_random_seed(seed)


def _generated(pivot, framework: str) -> tuple[dict, list[str]]:
    """The source's training as nnport reads it, written in its own framework, as a namespace."""
    from ..backends.training import training_code

    reporter = Reporter()
    emitted = training_code(pivot, framework, pivot.source.model_expr or pivot.main, reporter)
    code = "\n".join(emitted.imports) + "\n\n" + emitted.code
    ns: dict = {"__name__": "nnport_source_training"}
    exec(compile(code, "<source training code>", "exec"), ns)  # noqa: S102 - code nnport wrote
    notes = [f"source training code: {d.message}" for d in reporter.diagnostics]
    return ns, notes


def _imported(path, framework: str) -> tuple[dict, list[str]]:
    ns = vars(runtime.import_file(path, framework, what="migrated training code"))
    missing = [name for name in NEEDED[framework] if not callable(ns.get(name))]
    if missing:
        raise NnportError(f"the migrated file has no {', '.join(missing)}: --train runs the training functions "
                          "nnport writes (migrate again to get them)", SourceLoc(str(path)))
    return ns, []


def _share_weights(source_obj, migrated_obj, pivot, plan) -> None:
    """Build both models (Keras layers and lazy modules build on a first call), then copy."""
    specs, _ = arrays.with_sequence_length(arrays.input_specs(pivot))
    first = arrays.draw(specs, 2, np.random.default_rng(0))
    runtime.run_model(source_obj, frameworks.framework_of(source_obj), first, "source model")
    runtime.run_model(migrated_obj, frameworks.framework_of(migrated_obj),
                      arrays.in_orders(first, specs, plan.input_orders or [None] * len(specs)), "migrated model")
    pairing.copy_weights(source_obj, migrated_obj, pivot, plan.paths, plan.reorders)


def _train(ns: dict, framework: str, obj, raw, orders, size: int, steps: int, result: TrainResult,
           side: str) -> list[float]:
    """The side's losses; where its own code fails on the data, that is the finding (a failure)."""
    try:
        with train_sides.no_noise():  # also while the data is prepared
            if framework == "torch":
                return train_sides.torch_steps(ns, obj, train_data.torch_batches(ns, raw, orders, size, steps))
            x, y = train_data.keras_arrays(ns, raw, orders)
            losses, left_out = train_sides.keras_steps(ns, obj, x[:steps * size], y[:steps * size], size)
    except NnportError:
        raise
    except Exception as exc:  # noqa: BLE001 - any error of the side's own code is reported as such
        result.failure = result.failure or f"the {side} training code fails: {type(exc).__name__}: {exc}"
        return []
    result.not_comparable += [f"Keras callback {name} left out of the steps (it writes files)" for name in left_out]
    return losses


def _float64_run(result: TrainResult, ns: dict, model64, losses32: list[float], batches):
    """The PyTorch side's steps again in float64 (``train_rounding``): each step's loss floor; the
    trained float64 model, or None where the side's code cannot run in float64 (said in a note)."""
    try:
        if model64 is None:
            raise TypeError("the model cannot be copied")
        with train_sides.no_noise():
            losses64 = train_rounding.float64_run(ns, model64, batches())
    except Exception as exc:  # noqa: BLE001 - code written for float32 (a .float() in the loop)
        result.notes.append(f"no rounding floor: the PyTorch side does not train in float64 ({type(exc).__name__}: "
                            f"{str(exc)[:120]}); the fixed tolerances apply")
        return None
    floor = max((abs(a - b) for a, b in zip(losses32, losses64)), default=0.0)
    for step in result.steps:  # one run's floor at one step is one sample of it: the run's largest
        step.rounding = floor
    return model64


def _compare_weights(source_obj, migrated_obj, pivot, plan, before: dict, framework: str, result: TrainResult,
                     model64) -> dict:
    """Per migrated weight: the source's trained weights converted, against the migrated ones; and
    the rounding floor of each from the float64 run of the PyTorch side."""
    after = train_sides.snapshot(migrated_obj, framework)
    pairing.write_model(migrated_obj, pivot, pairing.read_model(source_obj, pivot), plan.paths, plan.reorders)
    expected = train_sides.snapshot(migrated_obj, framework)
    if model64 is not None and framework == "torch":  # the migrated side is the PyTorch one
        result.rounding = train_rounding.relative(after, train_sides.snapshot(model64, "torch"), before)
    elif model64 is not None:
        pairing.write_model(migrated_obj, pivot, pairing.read_model(model64, pivot), plan.paths, plan.reorders)
        result.rounding = train_rounding.relative(expected, train_sides.snapshot(migrated_obj, framework), before)
    return {name: _difference(after[name], expected[name], before[name])
            for name in after if after[name].dtype.kind == "f" and name in expected}


def _difference(after: np.ndarray, expected: np.ndarray, before: np.ndarray) -> tuple[float, float, float]:
    diff, change = after.astype(np.float64) - expected, after.astype(np.float64) - before
    norm = float(np.linalg.norm(change))
    relative = float(np.linalg.norm(diff)) / norm if norm else (0.0 if not diff.any() else float("inf"))
    return arrays.mad(after, expected), arrays.mad(after, before), relative


def _not_comparable(result: TrainResult, pivot, source, migrated, sides) -> None:
    for obj, fw in (source, migrated):
        switched = train_sides.no_dropout(obj, fw)
        if switched:
            result.not_comparable.append(f"dropout off in the {fw} model ({switched} rates set to 0): random masks "
                                         "of two frameworks cannot be the same")
    random = [t["kind"] for d in pivot.datasets for t in d.transforms if t["kind"] in ("random_flip", "random_crop")]
    if random:
        result.not_comparable.append(f"random augmentation ({', '.join(sorted(set(random)))}) of the PyTorch "
                                     "transform left the images unchanged")
    if any(s["kind"] == "noise" for s in pivot.training.batch_steps):
        result.not_comparable.append("noise of the per-batch code drawn as zeros on both sides")
    if train_data.image_loader(pivot) and not has_torchvision():
        result.notes.append("torchvision is not installed: the PyTorch transforms ran on nnport's stand-in of "
                            "ToTensor, PILToTensor, ConvertImageDtype, Normalize, CenterCrop and Lambda")
    for side, fw in (("source", source[1]), ("migrated", migrated[1])):
        for name in train_sides.value_driven(sides[side][0], fw):
            result.not_comparable.append(f"{side} {name}: the learning rate follows measured values; "
                                         "compared as if they never stopped improving")


def _learning_rates(result: TrainResult, pivot, sides, source, migrated) -> None:
    epochs = pivot.training.epochs or 1
    per_epoch = steps_per_epoch(pivot, result)
    for side, (obj, fw) in (("source", source), ("migrated", migrated)):
        ns = sides[side][0]
        try:
            rates = train_sides.torch_lrs(ns, obj, epochs, per_epoch) if fw == "torch" else \
                train_sides.keras_lrs(ns, epochs, per_epoch)
        except Exception as exc:  # noqa: BLE001 - the side's own schedule code failed
            result.failure = result.failure or f"the {side} learning rates fail: {type(exc).__name__}: {exc}"
            rates = []
        setattr(result, f"{side}_lr", rates)
    result.steps_per_epoch = per_epoch


def steps_per_epoch(pivot, result: TrainResult) -> int:
    """Optimizer steps in one epoch of the source's run: its training samples over its batch size."""
    from ..backends.training.data import main_dataset
    from ..catalog.datasets import SAMPLES

    dataset, training = main_dataset(pivot), pivot.training
    stated = training.schedule.attrs.get("steps_per_epoch") if training.schedule else None
    if isinstance(stated, int) and stated > 0:  # the source's schedule states it (OneCycleLR)
        return stated
    samples = SAMPLES[dataset.loader].train_size if dataset and dataset.loader in SAMPLES else None
    samples = samples or _stated_rows(dataset)
    if samples is None:
        result.notes.append(f"the number of training samples is unknown: schedules stepped per batch are "
                            f"compared with {DEFAULT_STEPS_PER_EPOCH} steps per epoch")
        return DEFAULT_STEPS_PER_EPOCH
    if training.validation_split:
        samples = math.ceil(samples * (1 - training.validation_split))
    return math.ceil(samples / (training.batch_size or 32))


def _stated_rows(dataset) -> int | None:
    """Rows of data the file makes itself (``TensorDataset(torch.randn(512, 20), ...)``)."""
    import ast

    tensors = dataset.attrs.get("tensors") if dataset else None
    made = dataset.attrs.get("made") if dataset else None
    shape = made[0]["shape"] if made else dataset.attrs.get("shape") if dataset else None
    if shape and isinstance(shape[0], int) and shape[0] > 0:
        return shape[0]
    try:
        call = ast.parse(tensors[0], mode="eval").body
        return int(ast.literal_eval(call.args[0]))
    except (TypeError, IndexError, ValueError, SyntaxError, AttributeError):
        return None
