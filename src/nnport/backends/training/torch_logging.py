"""What the PyTorch loop computes and writes besides the loss: the source's metrics (catalog
formulas summed over evaluate()'s batches) and the epoch logs of CSVLogger and TensorBoard."""
from __future__ import annotations

import re

from ...catalog import registry
from ...ir.training import Training
from .components import canonical

LOGGING = ("csv_logger", "tensorboard")  # callbacks written as loop code here


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


def logging_callbacks(training: Training) -> dict:
    found = {kind: None for kind in LOGGING}
    for callback in training.callbacks:
        if callback.kind in LOGGING:
            found[callback.kind] = canonical(callback)[1]
    return found
