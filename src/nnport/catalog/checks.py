"""What values a canonical attribute accepts: its catalog type (``Attr.type``) and its range.

Frontends check every argument they bind (frontends/common/binding.py), so a value the
framework would refuse (``nn.Linear(8, 0.5)``, ``Dropout(rate=2.5)``, ``MaxPool2d(2, stride=0)``)
is reported where the source gives it instead of reaching shape inference or generated code.

A canonical attribute name means the same in every kind, so ranges are kept once, by name; a
name that means different things in different families is qualified by the family
(``dropout:p``: ``normalize`` has a norm order ``p``).
"""
from __future__ import annotations

import numbers
from typing import Any

from .schema import Attr, Kind

# > 0 (each element of a tuple): sizes, unit counts, windows, factors
POSITIVE = frozenset({
    "in_features", "out_features", "in_channels", "out_channels", "kernel_size", "stride", "dilation",
    "input_size", "hidden_size", "num_layers", "num_embeddings", "embedding_dim", "embed_dim", "num_heads",
    "head_dim", "num_features", "num_groups", "num_channels", "num_parameters", "groups", "depth_multiplier",
    "normalized_shape", "output_size", "size", "scale_factor", "chunks", "step_size", "decay_steps",
})
# >= 0 (each element, pairs included)
NON_NEGATIVE = frozenset({"padding", "output_padding", "crops", "patience", "cooldown", "start_from_epoch"})
# in [0, 1): probabilities of dropping (1 drops everything, and Keras then divides by zero), and
# Adam's averaging factors (both frameworks refuse others)
RATES = frozenset({"dropout:p", "dropout", "input_dropout", "recurrent_dropout", "betas"})


def _int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _leaves(value):
    if isinstance(value, (tuple, list)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def _seq(value) -> bool:
    return isinstance(value, (tuple, list))


# type -> (accepts the value, what it must be)
_TYPES = {
    "int": (_int, "an integer"),
    "float": (_number, "a number"),
    "bool": (lambda v: isinstance(v, bool) or v in (0, 1) and _int(v), "True or False"),
    "str": (lambda v: isinstance(v, str), "a string"),
    "ints": (lambda v: _int(v) or _seq(v) and all(_int(e) or e is None for e in v),
             "an integer or a tuple of integers"),
    "floats": (lambda v: _number(v) or _seq(v) and all(_number(e) for e in v), "a number or a tuple of numbers"),
    "padding": (lambda v: isinstance(v, str) or _int(v) or _seq(v) and all(_int(e) for e in _leaves(v)),
                "'valid', 'same', an integer or (before, after) pairs of integers"),
    "axis": (lambda v: _int(v) or isinstance(v, str), "an axis (an integer)"),
    "axes": (lambda v: _int(v) or isinstance(v, str) or _seq(v) and all(_int(e) or isinstance(e, str) for e in v),
             "an axis or a tuple of axes (integers)"),
    "shape": (lambda v: _seq(v) and all(_int(e) or e is None for e in v), "a tuple of sizes (integers)"),
}


def layer_count(attrs: dict) -> int:
    """How many layers one layer object stands for: a stacked recurrent layer, ``num_layers``."""
    stacked = attrs.get("num_layers")
    return stacked if isinstance(stacked, int) and not isinstance(stacked, bool) and stacked > 1 else 1


def type_text(attr: Attr) -> str:
    return _TYPES[attr.type][1] if attr.type in _TYPES else attr.type


def problem(kind: Kind, attr: Attr, value: Any, none_ok: bool = False) -> str | None:
    """Why ``value`` is no valid canonical ``attr`` of ``kind`` ("must be ..."), or None.

    ``none_ok``: the framework argument itself defaults to None (a meaningful None)."""
    if value is None:
        if none_ok or attr.default is None or attr.inferred:
            return None
        return f"must be {type_text(attr)}, not None"
    accepts, text = _TYPES.get(attr.type, (None, None))
    if accepts is not None and not accepts(value):
        return f"must be {text}"
    numbers_in = [v for v in _leaves(value) if _number(v)]
    if attr.name in POSITIVE and any(v <= 0 for v in numbers_in):
        return f"must be {'a positive integer' if attr.type in ('int', 'ints') else 'positive'}"
    if attr.name in NON_NEGATIVE and any(v < 0 for v in numbers_in):
        return "must not be negative"
    if (attr.name in RATES or f"{kind.family}:{attr.name}" in RATES) and any(not 0 <= v < 1 for v in numbers_in):
        return "must be a rate in [0, 1)"
    return None
