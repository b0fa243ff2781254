"""Writing catalog spellings as Python: qualified names with their imports, literals, arguments.

Generic over kinds: a constructor or call is written from the spelling's ``Arg`` list, never
from knowledge of a particular layer.
"""
from __future__ import annotations

import keyword
import math
from collections.abc import Callable
from typing import Any

from ..catalog.schema import ABSENT, Kind, Spelling
from ..errors import NnportError
from ..ir.sizes import Parameter, sizes_in

# qualified prefix -> (import line, local alias); longest prefix wins
ALIASES = (
    ("torch.nn.functional", "import torch.nn.functional as F", "F"),
    ("torch.nn", "from torch import nn", "nn"),
    ("torch", "import torch", "torch"),
    ("keras.layers", "from keras import layers", "layers"),
    ("keras.ops", "from keras import ops", "ops"),
    ("keras", "import keras", "keras"),
)

INFIX = {"operator.add": "+", "operator.sub": "-", "operator.mul": "*", "operator.truediv": "/",
         "operator.matmul": "@"}


class Imports:
    """Import lines gathered while emitting; written sorted, plain imports first."""

    def __init__(self):
        self._lines: set[str] = set()

    def add(self, line: str) -> None:
        self._lines.add(line)

    def lines(self) -> list[str]:
        return sorted(self._lines, key=lambda line: (line.startswith("from "), line))


def local_name(qualified: str, imports: Imports) -> str:
    """'torch.nn.Conv2d' -> 'nn.Conv2d' (and the import it needs)."""
    for prefix, line, alias in ALIASES:
        if qualified.startswith(prefix + "."):
            imports.add(line)
            return alias + qualified[len(prefix):]
    module, _, _ = qualified.rpartition(".")
    if module:
        imports.add(f"import {module}")
    return qualified


def literal(value: Any) -> str:
    """A Python literal for a canonical or framework value (floats round-trip, inf spelled out)."""
    if isinstance(value, float):
        if math.isinf(value):
            return 'float("-inf")' if value < 0 else 'float("inf")'
        if math.isnan(value):
            return 'float("nan")'
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


AxisOf = Callable[[Any], Any]  # role (or tuple of roles) -> integer position in the physical input


def framework_values(kind: Kind, spelling: Spelling, attrs: dict, axis_of: AxisOf | None) -> list[tuple[str, Any]]:
    """(argument name, framework value) for every argument worth writing, in spelling order.

    Raises ``Inexpressible`` from an argument's converter; the legalize pass handles those first.
    """
    written = []
    for arg in spelling.args:
        if arg.attr is None or arg.attr not in attrs and arg.attr not in _attr_names(kind):
            continue
        value = attrs.get(arg.attr, _default(kind, arg.attr))
        if value is ABSENT or value is None and arg.default is ABSENT:
            continue
        if value is None and axis_of is None and _inferred(kind, arg.attr):
            continue  # only checked, and no input type gave it (--allow-partial): nothing to check
        value = _axis_value(kind, arg.attr, value, axis_of)
        if axis_of is not None:  # written into code (not only checked for expressibility)
            _check_value(kind, arg.attr, value)
        fw = arg.to_fw(value)
        if arg.always or arg.default is ABSENT or not _equal(fw, arg.default):
            written.append((arg.name, fw))
    return written


def arguments(spelling: Spelling, values: list[tuple[str, Any]], tensors: list[str] = ()) -> str:
    """Argument text as the framework's documentation writes it: tensors first, then the values of
    its required parameters positionally (``nn.Conv2d(3, 64, 3)``, ``Dense(64)``, ``Dropout(0.5)``),
    every parameter with a default by keyword (``eps=1e-05``, ``approximate=False``)."""
    parts = list(tensors)
    slots = spelling.positional[len(tensors):]  # a value is positional only in its own slot
    positional = True
    for i, (name, value) in enumerate(values):
        positional = positional and i < len(slots) and slots[i] == name and required(spelling, name)
        parts.append(literal(value) if positional else f"{name}={literal(value)}")
    return ", ".join(parts)


def required(spelling: Spelling, name: str) -> bool:
    """The framework's signature gives the parameter no default (the catalog's ``Arg.default``
    is ``ABSENT``; tests/test_catalog.py holds it to the real signatures), the framework's own
    examples pass it by position (``Arg.by_position``: ``nn.LeakyReLU(0.2)``), or its name is a
    Python keyword (``Tensor.uniform_(from, to)``), which only a position can pass."""
    arg = spelling.arg(name)
    return arg is not None and (arg.default is ABSENT or arg.by_position or keyword.iskeyword(name))


def tensor_slots(spelling: Spelling) -> int:
    """How many leading positional parameters of a function spelling take tensors."""
    count = 0
    for name in spelling.positional:
        if spelling.arg(name) is not None:
            break
        count += 1
    return count


def _inferred(kind: Kind, name: str) -> bool:
    return any(a.inferred for a in kind.attrs if a.name == name)


def _attr_names(kind: Kind) -> set[str]:
    return {a.name for a in kind.attrs}


def _default(kind: Kind, name: str) -> Any:
    return kind.defaults().get(name, ABSENT)


def _axis_value(kind: Kind, name: str, value: Any, axis_of: AxisOf | None) -> Any:
    attr_type = next((a.type for a in kind.attrs if a.name == name), None)
    if axis_of is None or attr_type not in ("axis", "axes"):
        return value
    if attr_type == "axis":
        return axis_of(value) if isinstance(value, str) else value
    return tuple(axis_of(v, False) if isinstance(v, str) else v for v in value)


_PLAIN = (int, float, str, bool, type(None))
_CHECKS = {
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "axis": lambda v: v is None or isinstance(v, int) and not isinstance(v, bool),
    "axes": lambda v: v is None or isinstance(v, (tuple, list)) and all(isinstance(a, int) for a in v),
    "ints": lambda v: v is None or isinstance(v, int) or isinstance(v, (tuple, list)) and all(
        isinstance(a, int) or a is None for a in v),
}


def _check_value(kind: Kind, name: str, value: Any) -> None:
    """Nothing reaches generated code that its attribute's type does not allow: a role letter
    where an axis number belongs, a float unit count, an internal object's repr."""
    attr_type = next((a.type for a in kind.attrs if a.name == name), "any")
    if sizes_in(value) and attr_type in ("int", "ints", "shape"):
        return  # a size known only at run time, written by name (a parameter of the generated class)
    if any(isinstance(s, Parameter) for s in sizes_in(value)):
        return  # a parameter of the class (a dropout rate), written by name
    check = _CHECKS.get(attr_type)
    if (value is not None and check is not None and not check(value)) or not _plain(value):
        raise NnportError(f"internal error: {kind.name} would be written with {name}={value!r}, which is not "
                          f"a valid {attr_type}; nothing was written (please report this as an nnport bug)")


def _plain(value: Any) -> bool:
    if isinstance(value, (tuple, list)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return isinstance(value, _PLAIN)


def _equal(a: Any, b: Any) -> bool:
    if sizes_in(a):  # a size is written by name, whatever value it may take
        return False
    try:
        return bool(a == b) and type(a) is type(b) or (isinstance(a, (int, float)) and isinstance(b, (int, float))
                                                         and not isinstance(a, bool) and a == b)
    except Exception:  # arrays and other values without a plain truth value
        return False
