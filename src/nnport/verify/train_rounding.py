"""How far float32 rounding alone moves the steps: the PyTorch side run again in float64.

Two frameworks add in different orders, so their float32 results differ by rounding; in a deep
network, through BatchNorm over a small batch, ReLU masks and max-pooling, or under Adam-like
optimizers whose first steps are about the sign of each gradient, that rounding can grow to
percents of what the steps change. The PyTorch side (source or migrated; one of them always is)
is trained again from the same weights on the same batches in float64; the distance of its
float32 run from that one is the rounding floor of each weight and loss. The two float32 runs
each lie about one floor from the exact one, so a migration is only held to 3
times the floor (``rounding_factor`` of the tolerances) where that is more than the fixed
tolerances (README, "Verifying training").
"""
from __future__ import annotations

import copy

import numpy as np

from . import train_sides


def float64_copy(model):
    """A float64 copy of the PyTorch model as it starts training (None if it cannot be made)."""
    try:
        return copy.deepcopy(model).double()
    except Exception:  # noqa: BLE001 - a model that cannot be copied has no floor (said in a note)
        return None


def float64_run(ns: dict, model64, batches: list) -> list[float]:
    """Losses of the side's own training code on the float64 copy, the batches cast alike."""
    import torch

    def wide(t):
        return t.double() if torch.is_tensor(t) and t.is_floating_point() else t

    with train_sides.no_noise():
        return train_sides.torch_steps(ns, model64, [tuple(wide(t) for t in batch) for batch in batches])


def relative(a: dict, b: dict, before: dict) -> dict[str, float]:
    """Per weight: ||a - b|| / ||a - before|| (L2), where both hold it."""
    out = {}
    for name, value in a.items():
        if name in b and name in before and value.dtype.kind == "f":
            change = float(np.linalg.norm(value.astype(np.float64) - before[name]))
            diff = float(np.linalg.norm(value.astype(np.float64) - b[name]))
            out[name] = diff / change if change else 0.0
    return out
