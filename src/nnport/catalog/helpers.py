"""Small building blocks shared by catalog entries: value converters and shape arithmetic."""
from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np

from ..ir.types import CHANNEL, TensorType


# --- value converters -------------------------------------------------------------------

def as_tuple(n: int) -> Callable[[Any], tuple]:
    """Framework int-or-tuple -> canonical n-tuple."""
    def convert(value: Any) -> tuple:
        if isinstance(value, (list, tuple)):
            return tuple(value)
        return (value,) * n
    return convert


def compact(value: Any) -> Any:
    """Canonical tuple -> the shortest framework spelling: (3, 3) -> 3."""
    if isinstance(value, tuple) and value and all(v == value[0] for v in value):
        return value[0]
    return value


def one_minus(value: float) -> float:
    """BatchNorm momentum between conventions (PyTorch new-weight <-> Keras old-weight)."""
    return round(1.0 - value, 12)


def transpose(*perm: int) -> Callable[[np.ndarray], np.ndarray]:
    return lambda array: np.ascontiguousarray(np.transpose(array, perm))


def inverse(perm: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argsort(perm))


# --- shape arithmetic -------------------------------------------------------------------

def window_out(size, kernel, stride, pad_before, pad_after, dilation=1, ceil_mode=False):
    """Output length of a sliding window (conv or pool) along one axis; None stays None."""
    if size is None:
        return None
    span = size + pad_before + pad_after - dilation * (kernel - 1) - 1
    rounding = math.ceil if ceil_mode else math.floor
    out = rounding(span / stride) + 1
    if ceil_mode and (out - 1) * stride >= size + pad_before:
        out -= 1  # the last window must start inside the input (PyTorch rule)
    return out


def same_padding(size, kernel, stride, dilation=1) -> tuple[int, int]:
    """TensorFlow 'same': total padding split with the extra on the after side."""
    effective = dilation * (kernel - 1) + 1
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def resolve_padding(padding, sizes, kernel, stride, dilation) -> tuple[tuple[int, int], ...] | str:
    """Canonical padding -> per-axis pairs where sizes allow; 'same' stays when a size is unknown."""
    if padding == "valid":
        return tuple((0, 0) for _ in kernel)
    if padding == "same":
        if any(s is None for s in sizes) and any(st != 1 for st in stride):
            return "same"
        return tuple(same_padding(s or 1, k, st, d) for s, k, st, d in zip(sizes, kernel, stride, dilation))
    return tuple(tuple(p) for p in padding)


def spatial_sizes(t: TensorType) -> list:
    return [t.dim(r) for r in t.spatial_roles]


def with_spatial(t: TensorType, sizes, channels=None) -> TensorType:
    out = t
    for role, size in zip(t.spatial_roles, sizes):
        out = out.with_dim(role, size)
    return out.with_dim(CHANNEL, channels) if channels is not None else out


def same(attrs, inputs):
    """Shape rule of elementwise layers: output type equals input type."""
    return [inputs[0]]
