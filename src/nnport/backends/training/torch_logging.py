"""What the PyTorch loop computes and writes besides the loss: the source's metrics (catalog
formulas summed over evaluate()'s batches) and the epoch logs of CSVLogger and TensorBoard."""
from __future__ import annotations

import re

from ...catalog import registry
from ...catalog.schema import Kind
from ...ir.training import Training
from .components import canonical


def metric_sums(training: Training) -> list[dict]:
    """Per metric with a formula: its Keras log name, the batch's sum and the epoch's finish."""
    found = []
    for name in training.metrics:
        try:
            kind = registry.kind(name)
        except KeyError:  # a metric kept by name ("accuracy" from a string)
            continue
        spelling = next((s for s in kind.spellings if "batch_sum" in s.hooks), None)
        if spelling is None:
            continue
        log = re.sub(r"(?<!^)(?=[A-Z])", "_", spelling.name.rsplit(".", 1)[-1]).lower()  # Keras' metric name
        found.append({"name": log, "sum": spelling.hooks["batch_sum"]("outputs", "targets"),
                      "finish": spelling.hooks.get("finish")})
    return found


def spelling_hook(kind: Kind, name: str):
    """The value of the first spelling's ``name`` hook of ``kind``, or None."""
    return next((s.hooks[name] for s in kind.spellings if name in s.hooks), None)


def loop_names() -> list[str]:
    """The loop code blocks callbacks name with their catalog ``loop`` hook."""
    return sorted({spelling_hook(k, "loop") for k in registry.kinds(training=True)} - {None})


def loop_callback(component) -> str | None:
    return spelling_hook(registry.kind(component.kind), "loop")


def logging_callbacks(training: Training) -> dict:
    """Per loop block (the template's csv_logger, tensorboard ...): the callback's canonical attributes, or None."""
    found = dict.fromkeys(loop_names())
    for callback in training.callbacks:
        if loop_callback(callback):
            found[loop_callback(callback)] = canonical(callback)[1]
    return found
