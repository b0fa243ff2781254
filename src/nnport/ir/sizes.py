"""Sizes known only at run time, kept by name: ``vocab_size = len(vocab)`` after reading a file.

A ``Size`` stands where the pivot model needs an integer the source computes from data (an
attribute such as ``num_embeddings``, an axis of an input type). It is written into generated
code by name (its ``text``, an expression over ``names``), so the migrated class takes the
value as a constructor parameter. Arithmetic on sizes gives sizes (``num_channels *
upscale_factor ** 2``); anything that would need the value (a comparison, ``range()``, an index,
``int()``) raises ``OpenSize``, which says which value is open and how to give it.
"""
from __future__ import annotations

import ast
import operator
import random
from dataclasses import dataclass

from ..errors import SourceLoc

_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.FloorDiv: 2, ast.Mod: 2, ast.Pow: 4}
_SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**"}
_APPLY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
          ast.Mod: operator.mod, ast.Pow: operator.pow}
_ATOM = 9


class OpenSize(ValueError):
    """A decision needs the value of a size known only at run time."""

    def __init__(self, size: Size, what: str = "this"):
        self.size = size
        names = sorted(size.names)
        shown = " and ".join(names)
        verb = "are" if len(names) > 1 else "is"
        super().__init__(f"{what} needs the value of {shown}, which {verb} known only when the source runs "
                         f"(computed from its data, or a constructor argument the file does not give); "
                         f"give {'them' if len(names) > 1 else 'it'} with "
                         + " ".join(f"--set {n}=VALUE" for n in names))


class Size:
    """An integer known only at run time, written as ``text`` (an expression over ``names``)."""

    __slots__ = ("names", "precedence", "text")

    def __init__(self, text: str, names: frozenset[str] | None = None, precedence: int = _ATOM):
        self.text, self.precedence = text, precedence
        self.names = frozenset(names if names is not None else [text])

    def __repr__(self) -> str:  # how generated code writes it (spell.literal falls back on repr)
        return self.text

    __str__ = __repr__

    def __deepcopy__(self, memo):  # immutable
        return self

    def __reduce__(self):
        return Size, (self.text, self.names, self.precedence)

    # --- arithmetic: sizes stay sizes -------------------------------------------------------
    def _combine(self, op, other, swapped: bool = False):
        if isinstance(other, bool) or not isinstance(other, (int, Size)):
            return NotImplemented
        left, right = (other, self) if swapped else (self, other)
        simple = _identity(op, left, right)
        if simple is not None:
            return simple
        level = _PRECEDENCE[op]
        text = f"{_operand(left, level, False, op)} {_SYMBOL[op]} {_operand(right, level, True, op)}"
        return _derived(left, right)(text, _names(left) | _names(right), level)

    def __add__(self, other): return self._combine(ast.Add, other)  # noqa: E704
    def __radd__(self, other): return self._combine(ast.Add, other, True)  # noqa: E704
    def __sub__(self, other): return self._combine(ast.Sub, other)  # noqa: E704
    def __rsub__(self, other): return self._combine(ast.Sub, other, True)  # noqa: E704
    def __mul__(self, other): return self._combine(ast.Mult, other)  # noqa: E704
    def __rmul__(self, other): return self._combine(ast.Mult, other, True)  # noqa: E704
    def __floordiv__(self, other): return self._combine(ast.FloorDiv, other)  # noqa: E704
    def __rfloordiv__(self, other): return self._combine(ast.FloorDiv, other, True)  # noqa: E704
    def __mod__(self, other): return self._combine(ast.Mod, other)  # noqa: E704
    def __rmod__(self, other): return self._combine(ast.Mod, other, True)  # noqa: E704

    def __pow__(self, other):
        if isinstance(other, int) and not isinstance(other, bool) and 0 <= other <= 8:
            return self._combine(ast.Pow, other)
        raise OpenSize(self, f"{self.text} ** {other!r}")

    def __rpow__(self, other):
        raise OpenSize(self, f"{other!r} ** {self.text}")

    def __neg__(self):
        return _derived(self, None)(f"-{_operand(self, 3, False, ast.Sub)}", self.names, 3)

    def __pos__(self):
        return self

    # --- identity: the same function of the same names --------------------------------------
    def __eq__(self, other):
        if not isinstance(other, Size):
            return False
        if other.text == self.text:
            return True
        if other.names != self.names:
            return False
        rng = random.Random(hash(self.text) ^ hash(other.text))  # equal on several points: the same
        for _ in range(4):
            values = {n: rng.randint(11, 997) for n in self.names}
            if self.value(values) != other.value(values):
                return False
        return True

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.names)

    # --- what needs the value: refused, naming the size -------------------------------------
    def __bool__(self) -> bool:
        raise OpenSize(self, f"a condition on {self.text}")

    def __index__(self) -> int:
        raise OpenSize(self, f"using {self.text} as a count or an index")

    def __int__(self) -> int:
        raise OpenSize(self, f"int({self.text})")

    def __float__(self) -> float:
        raise OpenSize(self, f"float({self.text})")

    def __len__(self) -> int:
        raise OpenSize(self, f"len({self.text})")

    def __iter__(self):
        raise OpenSize(self, f"iterating over {self.text}")

    def __getitem__(self, key):
        raise OpenSize(self, f"{self.text}[{key!r}]")

    def __contains__(self, item) -> bool:
        raise OpenSize(self, f"{item!r} in {self.text}")

    def __lt__(self, other):
        raise OpenSize(self, f"comparing {self.text} with {other!r}")

    __le__ = __gt__ = __ge__ = __lt__

    def __truediv__(self, other):
        raise OpenSize(self, f"{self.text} / {other!r}")

    def __rtruediv__(self, other):
        raise OpenSize(self, f"{other!r} / {self.text}")

    @classmethod
    def parse(cls, text: str) -> Size:
        """The size a text names (``vocab_size + 1``), as read back from a pivot model's JSON."""
        try:
            node = ast.parse(text, mode="eval").body
        except SyntaxError:
            raise ValueError(f"{text!r} is not a size expression") from None
        _evaluate(node, _Names())  # a size expression, or ValueError
        names = frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
        return cls(text, names, _ATOM if isinstance(node, ast.Name) else 0)

    def value(self, values: dict[str, int]) -> int:
        """The integer for given values of the names (KeyError naming one not given)."""
        return _evaluate(ast.parse(self.text, mode="eval").body, values)


class Parameter(Size):
    """A constructor parameter of a network class (``planes``), or an expression over the
    parameters of one class (``planes * 4``): written by name where the generated class takes
    the parameter. Any decision on its value (a comparison, equality included, a truth test, an
    index) raises ``OpenSize``: a class whose code depends on the value is not written
    generically."""

    __slots__ = ("owner",)

    def __init__(self, text: str, names: frozenset[str] | None = None, precedence: int = _ATOM, owner: str = ""):
        super().__init__(text, names, precedence)
        self.owner = owner

    def __reduce__(self):
        return Parameter, (self.text, self.names, self.precedence, self.owner)

    @classmethod
    def parse(cls, text: str, owner: str = "") -> Parameter:
        size = Size.parse(text)
        return cls(size.text, size.names, size.precedence, owner)

    def __eq__(self, other):
        if isinstance(other, Size):
            return super().__eq__(other)
        raise OpenSize(self, f"comparing {self.text} with {other!r}")

    def _combine(self, op, other, swapped: bool = False):
        if isinstance(other, float):  # the expression stays integer arithmetic: a float use bakes it
            raise OpenSize(self, f"{self.text} with the float {other!r}")
        return super()._combine(op, other, swapped)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.names)


def _derived(left, right):
    """The class of a size computed from ``left`` and ``right``: a parameter's stays a parameter."""
    for side in (left, right):
        if isinstance(side, Parameter):
            owner = side.owner
            return lambda text, names, level: Parameter(text, names, level, owner)
    return Size


class _Names(dict):
    """Any name reads as 1 (checking that a text is a size expression)."""

    def __missing__(self, key):
        return 1


def is_size(value) -> bool:
    return isinstance(value, Size)


def sizes_in(value) -> list[Size]:
    """The sizes inside a value (tuples, lists and dicts walked), in order."""
    if isinstance(value, Size):
        return [value]
    if isinstance(value, (tuple, list)):
        return [s for v in value for s in sizes_in(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in sizes_in(v)]
    return []


def names_in(value) -> list[str]:
    """The names the sizes inside a value read, sorted."""
    return sorted({n for s in sizes_in(value) for n in s.names})


def substitute(value, values: dict[str, int]):
    """``value`` with every size replaced by its integer for ``values``."""
    if isinstance(value, Size):
        return value.value(values)
    if isinstance(value, tuple):
        return tuple(substitute(v, values) for v in value)
    if isinstance(value, list):
        return [substitute(v, values) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, values) for k, v in value.items()}
    return value


def _identity(op, left, right):
    """``x * 1``, ``x + 0``, ``x ** 1``: the size itself (written as the source's author would)."""
    def const(value, number):
        return not isinstance(value, Size) and value == number
    if op is ast.Mult and const(left, 1) and isinstance(right, Size):
        return right
    if op in (ast.Mult, ast.FloorDiv, ast.Pow) and const(right, 1) and isinstance(left, Size):
        return left
    if op in (ast.Add, ast.Sub) and const(right, 0) and isinstance(left, Size):
        return left
    if op is ast.Add and const(left, 0) and isinstance(right, Size):
        return right
    return None


def _names(value) -> frozenset:
    return value.names if isinstance(value, Size) else frozenset()


def _operand(value, level: int, right: bool, op) -> str:
    if not isinstance(value, Size):
        return f"({value})" if value < 0 else str(value)
    tighter = value.precedence > level or (value.precedence == level and not right and op is not ast.Pow)
    return value.text if tighter or value.precedence == _ATOM else f"({value.text})"


def _evaluate(node: ast.expr, values: dict[str, int]) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_evaluate(node.operand, values)
    if isinstance(node, ast.BinOp) and type(node.op) in _APPLY:
        return _APPLY[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))
    raise ValueError(f"not a size expression: {ast.unparse(node)}")


@dataclass(frozen=True)
class OpenValue:
    """Where an open size comes from, for the warning that names it and for verify, which gives it
    a value on both sides.

    ``kind``: "data", a module-level name the file computes at run time (``vocab_size =
    len(chars)``); "argument", an argument expression of the call building the model
    (``len(word_to_ix)``, ``X.shape[2]``), ``span`` its place (line, col, end line, end col);
    "parameter", a constructor parameter without a default that the file never gives."""

    name: str
    kind: str
    origin: str  # the source text computing it ("" for a parameter)
    loc: SourceLoc | None = None
    span: tuple[int, int, int, int] | None = None
    owner: str = ""  # the class or builder whose parameter it is
    value: object = None  # "dataset": the value read from the dataset's known sample shape

    def describe(self) -> str:
        where = f"line {self.loc.line}: " if self.loc else ""
        if self.kind == "parameter":
            return f"{self.name}, a required argument of {self.owner} that the file never gives"
        if self.kind == "argument":
            return f"{self.name}, computed when the file runs ({where}`{self.origin}`)"
        return f"{self.name}, computed from data when the file runs ({where}`{self.origin}`)"


def call_text(owner: str, names: list[str]) -> str:
    """``Net(upscale_factor=..., channels=...)``: the call --model takes, values left to fill."""
    return f"{owner}({', '.join(f'{n}=...' for n in names)})"


def deciding_parameter(message: str, values) -> tuple[OpenValue, str] | None:
    """The required argument of a class the file never builds that ``message`` needs the value of
    (it names ``--set NAME=VALUE``), with the --model call giving all that class's required ones."""
    params = [v for v in values if v.kind == "parameter"]
    found = next((v for v in params if f"--set {v.name}=VALUE" in message), None)
    if found is None:
        return None
    return found, call_text(found.owner, [v.name for v in params if v.owner == found.owner])


def with_model_call(diagnostics: list, open_values: dict) -> list:
    """Errors that need the value of a required argument of a class the file never builds
    (``upscale_factor`` in a PixelShuffle) also show the --model call that gives it."""
    from dataclasses import replace as changed

    out = []
    for d in diagnostics:
        found = deciding_parameter(d.message, open_values.values()) if d.severity == "error" else None
        if found is not None and "--model" not in d.message:
            d = changed(d, message=f"{d.message}, or the call that builds {found[0].owner} with --model '{found[1]}'")
        out.append(d)
    return out
