"""Constructor parameters that remember where they came from.

While a class's ``__init__`` runs statically, each numeric parameter is a ``TracedInt`` or
``TracedFloat``: the number itself (so every computation gives what Python gives) plus its
expression over the class's parameters (``planes * 4``). A layer built from it records that
expression, and the generated class can take the parameter instead of a literal.

What needs the value rather than passing it on (a comparison, ``if``, ``range``, an index, a
division, ``str()``) marks the parameters involved as *decided* in their ``Frame``: the
class's structure depends on them, so they are baked into the written code, never written as
free parameters that would be silently ignored.
"""
from __future__ import annotations

import operator
from typing import Any

from ...ir.sizes import Parameter


class Frame:
    """One instance's constructor parameters: which of them a decision read."""

    def __init__(self, owner: str):
        self.owner = owner
        self.decided: set[str] = set()

    def parameter(self, name: str, value: Any) -> Any:
        """``value`` bound to parameter ``name``, traced when it is a number."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return value
        cls = TracedInt if isinstance(value, int) else TracedFloat
        return cls(value, Parameter(name, owner=self.owner), self)


def _decide(*values) -> None:
    for value in values:
        if isinstance(value, (TracedInt, TracedFloat)):
            value.frame.decided.update(value.expr.names)


def _plain(value):
    if isinstance(value, TracedInt):
        return int.__int__(value)
    if isinstance(value, TracedFloat):
        return float.__float__(value)
    return value


def _deciding(op):
    def method(self, *others):
        _decide(self, *others)
        return op(_plain(self), *(_plain(o) for o in others))
    return method


def _expressed(op, swapped=False):
    """Integer arithmetic with plain integers or parameters of the same instance: the result is
    traced too; anything else loses the expression, which decides the parameters."""
    def method(self, other):
        same = isinstance(other, TracedInt) and other.frame is self.frame
        plain_int = isinstance(other, int) and not isinstance(other, (bool, TracedInt, TracedFloat))
        if not (same or plain_int):
            _decide(self, other)
            return op(_plain(other), _plain(self)) if swapped else op(_plain(self), _plain(other))
        left, right = (other, self) if swapped else (self, other)
        value = op(_plain(left), _plain(right))
        expr = op(_expr(left), _expr(right))
        return TracedInt(value, expr, self.frame)
    return method


def _expr(value):
    return value.expr if isinstance(value, TracedInt) else value


_DECISIONS = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__", "__index__", "__int__",
              "__float__", "__format__", "__str__", "__truediv__", "__rtruediv__", "__divmod__", "__rdivmod__",
              "__round__", "__trunc__", "__floor__", "__ceil__", "__abs__", "__and__", "__rand__", "__or__",
              "__ror__", "__xor__", "__rxor__", "__lshift__", "__rlshift__", "__rshift__", "__rrshift__",
              "__invert__", "__complex__")
_ARITHMETIC = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "floordiv": operator.floordiv,
               "mod": operator.mod}


class _Traced:
    """The number (int or float, the next base) with its expression and its instance's frame."""

    def __new__(cls, value, expr: Parameter, frame: Frame):
        obj = cls.__mro__[2].__new__(cls, _plain(value))
        obj.expr, obj.frame = expr, frame
        return obj

    def __deepcopy__(self, memo):  # immutable
        return self

    def __copy__(self):
        return self

    def __reduce__(self):  # sent elsewhere: only the number
        return type(self).__mro__[2], (_plain(self),)

    def __repr__(self):
        return repr(_plain(self))


class TracedInt(_Traced, int):
    __hash__ = int.__hash__

    def __neg__(self):
        return TracedInt(-_plain(self), -self.expr, self.frame)

    def __pos__(self):
        return self

    def __pow__(self, other, modulo=None):
        if modulo is None and type(other) is int and 0 <= other <= 8:
            return TracedInt(_plain(self) ** other, self.expr ** other, self.frame)
        _decide(self, other)
        return pow(_plain(self), _plain(other), modulo)

    def __rpow__(self, other):
        _decide(self)
        return pow(_plain(other), _plain(self))


class TracedFloat(_Traced, float):
    """A float parameter (a dropout rate, an epsilon): passed on as it is, or decided."""

    __hash__ = float.__hash__


for _name in _DECISIONS:
    for _cls, _base in ((TracedInt, int), (TracedFloat, float)):
        if hasattr(_base, _name):
            setattr(_cls, _name, _deciding(getattr(operator, _name.strip("_"), None) or getattr(_base, _name)))
for _name, _op in _ARITHMETIC.items():
    setattr(TracedInt, f"__{_name}__", _expressed(_op))
    setattr(TracedInt, f"__r{_name}__", _expressed(_op, swapped=True))
    setattr(TracedFloat, f"__{_name}__", _deciding(_op))
    setattr(TracedFloat, f"__r{_name}__", _deciding(lambda a, b, op=_op: op(b, a)))
TracedFloat.__neg__ = _deciding(operator.neg)
TracedFloat.__pow__ = _deciding(pow)
TracedFloat.__rpow__ = _deciding(lambda a, b: pow(b, a))


def untrace(value: Any, frame: Frame | None) -> tuple[Any, Any]:
    """(the plain value, its expression over ``frame``'s parameters or None). A value traced in
    another instance loses its expression there: that instance's parameters are decided."""
    if isinstance(value, (TracedInt, TracedFloat)):
        if frame is not None and value.frame is frame:
            return _plain(value), value.expr
        _decide(value)
        return _plain(value), None
    if isinstance(value, (tuple, list)):
        pairs = [untrace(v, frame) for v in value]
        plain = type(value)(p for p, _ in pairs)
        if all(e is None for _, e in pairs):
            return plain, None
        return plain, type(value)(p if e is None else e for p, e in pairs)
    if isinstance(value, dict):
        pairs = {k: untrace(v, frame) for k, v in value.items()}
        plain = {k: p for k, (p, _) in pairs.items()}
        return plain, ({k: p if e is None else e for k, (p, e) in pairs.items()}
                       if any(e is not None for _, e in pairs.values()) else None)
    return value, None


def strip(value: Any) -> Any:
    """The plain value, deciding what is traced in it (it is used where no expression is kept)."""
    return untrace(value, None)[0]


def plain_value(value: Any) -> Any:
    """The plain value, deciding nothing (a record of what was passed)."""
    if isinstance(value, (TracedInt, TracedFloat)):
        return _plain(value)
    if isinstance(value, (tuple, list)):
        return type(value)(plain_value(v) for v in value)
    if isinstance(value, dict):
        return {k: plain_value(v) for k, v in value.items()}
    return value


def split(attrs: dict, frame: Frame | None) -> tuple[dict, dict]:
    """(plain attributes, the expressions of those traced in ``frame``)."""
    plain, exprs = {}, {}
    for key, value in attrs.items():
        plain[key], expr = untrace(value, frame)
        if expr is not None:
            exprs[key] = expr
    return plain, exprs
