"""``x.size(0) * x.size(1)``: a product of a tensor's own sizes, known only when the graph runs.

Kept as the axes it multiplies, for the op reading it to interpret (``x.reshape(x.size(0) *
x.size(1), x.size(2))`` merges the first two axes); anything else needing its value is refused.
"""
from __future__ import annotations

from dataclasses import dataclass

from .values import Untranslatable


@dataclass(frozen=True)
class DimProduct:
    tensor: str
    axes: tuple[int, ...]

    def __repr__(self):
        return " * ".join(f"%{self.tensor}.size({a})" for a in self.axes)

    def __mul__(self, other):
        return times(self, other)

    __rmul__ = __mul__

    def __index__(self):
        raise Untranslatable(None, f"{self!r} is known only when the model runs, and a number is needed here")

    __int__ = __index__


def _axes(value) -> tuple[str, tuple[int, ...]] | None:
    if isinstance(value, DimProduct):
        return value.tensor, value.axes
    if hasattr(value, "tensor") and isinstance(getattr(value, "axis", None), int):  # a Dim
        return value.tensor, (value.axis,)
    return None


def times(left, right):
    """The product of two sizes of one tensor; NotImplemented for anything else."""
    a, b = _axes(left), _axes(right)
    if a is None or b is None:
        return NotImplemented
    if a[0] != b[0]:
        raise Untranslatable(None, f"{left!r} * {right!r} multiplies sizes of two tensors; write the number")
    return DimProduct(a[0], tuple(sorted(a[1] + b[1])))
