"""A data batch's shape through the reshapes data code applies to it (batch first, -1 resolved)."""
from __future__ import annotations

from math import prod


def reshaped(shape: tuple, target) -> tuple | None:
    """``shape`` (batch first, the other sizes known) after ``reshape(target)`` that keeps the
    batch on the first axis; None when the target is not sizes Python can compute with."""
    target = tuple(target) if isinstance(target, (tuple, list)) else (target,)
    rest = list(target[1:])
    if not all(isinstance(size, int) and not isinstance(size, bool) for size in rest):
        return None
    if rest.count(-1) > 1 or None in shape[1:]:
        return None
    if -1 in rest:
        known = -prod(rest)
        if known <= 0 or prod(shape[1:]) % known:
            return None
        rest[rest.index(-1)] = prod(shape[1:]) // known
    return (shape[0], *rest) if prod(rest) == prod(shape[1:]) else None
