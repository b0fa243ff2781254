"""Small building blocks shared by catalog entries: value converters and shape arithmetic."""
from __future__ import annotations

import math
from typing import Any, Callable

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


def transpose(*perm: int) -> Callable[[Any], Any]:
    """A weight converter permuting a numpy array's axes (numpy loads only when weights do)."""
    def convert(array):
        import numpy as np

        return np.ascontiguousarray(np.transpose(array, perm))
    return convert


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


# --- hooks shared by windowed layers (conv, pooling) ----------------------------------------

def explicit_padding(fill: float = 0.0, same_needs_unit_stride: bool = False):
    """Spelling hook ``inexpressible``: padding the framework cannot spell -> TF-style "same" when
    it is the same padding, else an explicit pad step (filled with ``fill``) and "valid".

    Returns the legalize rewrite ``{"attrs": ..., "before": [(kind, attrs), ...]}`` or None."""
    def hook(attrs: dict, inputs: list[TensorType]):
        pads = attrs.get("padding")
        if not isinstance(pads, tuple):
            return None  # "same" with unknown sizes: nothing explicit to write
        sizes = spatial_sizes(inputs[0]) if inputs and inputs[0] is not None else [None] * len(pads)
        unit = all(s == 1 for s in attrs.get("stride", ()))
        if unit:  # with stride 1, "same" pads the same whatever the input size
            sizes = [1] * len(pads)
        if None not in sizes and (unit or not same_needs_unit_stride) and pads == tuple(
                same_padding(s, k, st, d) for s, k, st, d in
                zip(sizes, attrs["kernel_size"], attrs["stride"], attrs.get("dilation", (1,) * len(sizes)))):
            return {"attrs": {**attrs, "padding": "same"}}
        n = len(pads)
        step = (f"zero_pad{n}d", {"pads": pads}) if fill == 0 else (f"constant_pad{n}d", {"pads": pads, "value": fill})
        return {"attrs": {**attrs, "padding": "valid"}, "before": [step]}
    return hook


def absorb_zero_pad(attrs: dict, pad_kind: str, pad_attrs: dict):
    """Spelling hook ``absorb_pad``, the inverse of ``explicit_padding``'s pad step: a zero pad
    before a zero-padded layer becomes part of the layer's own padding (None when it cannot)."""
    n, own = len(attrs["kernel_size"]), attrs.get("padding")
    zero = pad_kind == f"zero_pad{n}d" or (pad_kind == f"constant_pad{n}d" and pad_attrs.get("value") == 0)
    own = ((0, 0),) * n if own == "valid" else own
    if not zero or attrs.get("padding_mode", "zeros") != "zeros" or not isinstance(own, tuple):
        return None
    return {**attrs, "padding": tuple((b + pb, a + pa) for (b, a), (pb, pa) in zip(own, pad_attrs["pads"]))}


def product(values) -> int:
    out = 1
    for v in values:
        out *= v
    return out


def drop_roles(t: TensorType, roles) -> TensorType:
    keep = [i for i, r in enumerate(t.roles) if r not in roles]
    return TensorType(tuple(t.shape[i] for i in keep), tuple(t.roles[i] for i in keep), t.dtype)


def free_role(t: TensorType, preferred: str) -> str:
    """``preferred`` when the type does not use it yet, else a fresh anonymous role."""
    if preferred not in t.roles:
        return preferred
    return next(f"?{i}" for i in range(t.rank + 1, 2 * t.rank + 3) if f"?{i}" not in t.roles)




def pairs(n: int) -> Callable[[Any], tuple]:
    """Framework padding (int, per-axis ints, or per-axis pairs) -> canonical per-axis pairs."""
    def convert(value: Any) -> tuple:
        if isinstance(value, int):
            return ((value, value),) * n
        if n == 1 and len(value) == 2 and all(isinstance(v, int) for v in value):
            return (tuple(value),)
        return tuple((v, v) if isinstance(v, int) else tuple(v) for v in value)
    return convert


def compact_pairs(value: tuple) -> Any:
    """Canonical per-axis pairs -> the shortest Keras ZeroPadding spelling."""
    if all(b == a for b, a in value):
        return compact(tuple(b for b, _ in value))
    return value[0] if len(value) == 1 else value


def torch_pad_to(value: tuple) -> Any:
    """Canonical per-axis pairs (outer axis first) -> PyTorch's flat list, last axis first."""
    flat = tuple(p for before_after in reversed(value) for p in before_after)
    return flat[0] if len(set(flat)) == 1 else flat


def torch_pad_from(n: int | None) -> Callable[[Any], tuple]:
    """PyTorch pad (int, or flat pairs last axis first) -> canonical per-axis pairs."""
    def convert(value: Any) -> tuple:
        if isinstance(value, int):
            return ((value, value),) * (n or 1)
        flat = list(value)
        return tuple((flat[i], flat[i + 1]) for i in range(len(flat) - 2, -1, -2))
    return convert


def resolve_same(attrs: dict, inputs: list[TensorType]):
    """Spelling hook ``rewrite``: "same" -> explicit per-side pairs once input sizes are known
    (PyTorch has no "same" with stride > 1; symmetric pairs read better as ints)."""
    if attrs.get("padding") != "same" or not inputs or inputs[0] is None:
        return None
    sizes = spatial_sizes(inputs[0])
    pads = resolve_padding("same", sizes, attrs["kernel_size"], attrs["stride"],
                           attrs.get("dilation", (1,) * len(sizes)))
    return None if pads == "same" else {"attrs": {**attrs, "padding": pads}}
