"""Constant propagation over Python expressions: literals, names bound to constants, arithmetic.

Frontends evaluate layer arguments with it (``num_classes``, ``cfg[i]``, ``64 * 2``); what is
not constant raises ``NotConstant`` with the offending node, so callers can report or keep it.
So does an operation Python itself would fail on (``cfg[2.5]``, ``1 // 0``, ``range(0.5)``).
Evaluation is bounded (``limits``): steps, container sizes and integer sizes.
"""
from __future__ import annotations

import ast
import operator
from typing import Any, Callable

from ...ir.sizes import OpenSize, Size, sizes_in
from .traced import plain_value, strip

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
           ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
           ast.MatMult: operator.matmul, ast.LShift: operator.lshift, ast.RShift: operator.rshift,
           ast.BitOr: operator.or_, ast.BitAnd: operator.and_, ast.BitXor: operator.xor}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_, ast.Invert: operator.invert}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
            ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}
_BUILTINS = {"int": int, "float": float, "bool": bool, "str": str, "len": len, "range": range, "list": list,
             "tuple": tuple, "min": min, "max": max, "abs": abs, "round": round, "sum": sum, "dict": dict,
             "zip": zip, "enumerate": enumerate, "reversed": reversed, "sorted": sorted}
_KEEPING = {"list", "tuple", "dict", "sum", "zip", "enumerate", "reversed", "sorted"}  # pass values on as they are


class NotConstant(Exception):
    """``why`` may be a function writing the reason: frontends raise and catch this often while
    probing, and writing (unparsing) every reason cost a measurable share of a migration."""

    def __init__(self, node: ast.AST, why: str | Callable[[], str] = "not a constant"):
        super().__init__()
        self.node, self._why = node, why

    @property
    def why(self) -> str:
        if callable(self._why):
            self._why = self._why()
        return self._why

    def __str__(self) -> str:
        return self.why


class Scope:
    """Names bound to constant values, with a parent scope (function -> module)."""

    def __init__(self, values: dict[str, Any] | None = None, parent: "Scope | None" = None,
                 fallback: "Callable[[ast.expr, Scope], Any] | None" = None):
        self.values = dict(values or {})
        self.parent = parent
        # a frontend's evaluator for what constants cannot give (layer constructors, tensors ...)
        self.fallback = fallback if fallback is not None else (parent.fallback if parent is not None else None)

    def lookup(self, name: str) -> Any:
        scope = self
        while scope is not None:
            if name in scope.values:
                return scope.values[name]
            scope = scope.parent
        raise KeyError(name)

    def lookup_attribute(self, base: str, attr: str) -> Any:
        """``base.attr`` bound as one dotted name (``self.hidden``, argparse flags), unless a
        nearer scope binds ``base`` itself (a parameter named like the module's flags object)."""
        dotted = f"{base}.{attr}"
        if type(self).lookup is not Scope.lookup:  # a scope with its own lookup resolves dotted names itself
            return self.lookup(dotted)
        scope = self
        while scope is not None:
            if dotted in scope.values:
                return scope.values[dotted]
            if base in scope.values:
                raise KeyError(dotted)
            scope = scope.parent
        raise KeyError(dotted)

    def child(self, values: dict[str, Any] | None = None) -> "Scope":
        return Scope(values, self)

    def assign(self, target: ast.expr, value: Any) -> None:
        """Bind a name or a tuple of names (``for i, c in enumerate(cfg)``) in this scope."""
        if isinstance(target, ast.Name):
            self.values[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = python(target, list, value)
            if len(items) != len(target.elts):
                raise NotConstant(target, f"cannot unpack {len(items)} values into {len(target.elts)} names")
            for element, item in zip(target.elts, items):
                self.assign(element, item)
        else:
            raise NotConstant(target, f"cannot bind {ast.unparse(target)!r} statically")


def evaluate(node: ast.expr, scope: Scope) -> Any:
    limits.step(node)
    handler = _HANDLERS.get(type(node))
    if handler is None and scope.fallback is not None:
        return scope.fallback(node, scope)
    if handler is None:
        raise NotConstant(node, f"{type(node).__name__} expression is not a constant")
    try:
        return handler(node, scope)
    except OpenSize as exc:  # a value known only at run time used where its value matters
        raise NotConstant(node, str(exc)) from None


def _name(node: ast.Name, scope):
    try:
        return scope.lookup(node.id)
    except KeyError:
        if node.id in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.id]
    if scope.fallback is not None:  # an imported name (``ReLU`` from torch.nn) a frontend knows
        return scope.fallback(node, scope)
    raise NotConstant(node, f"{node.id!r} has no constant value here")


def _attribute(node: ast.Attribute, scope):
    if isinstance(node.value, ast.Name):  # self.hidden, cfg.width: looked up as one dotted name
        try:
            return scope.lookup_attribute(node.value.id, node.attr)
        except KeyError:
            pass
    if scope.fallback is not None:
        return scope.fallback(node, scope)
    raise NotConstant(node, lambda: f"{ast.unparse(node)!r} has no constant value here")


def _call(node: ast.Call, scope):
    if isinstance(node.func, ast.Name) and node.func.id in _BUILTINS:
        args = [item for a in node.args for item in _starred(a, scope)]
        kwargs = {}
        for k in node.keywords:  # dict(base, **overrides): ** merges a mapping
            kwargs.update(_mapping(k.value, scope) if k.arg is None else {k.arg: evaluate(k.value, scope)})
        if node.func.id not in _KEEPING:  # a count, a conversion: the result no longer names a parameter
            args, kwargs = strip(args), strip(kwargs)
        result = python(node, _BUILTINS[node.func.id], *args, **kwargs)
        if isinstance(result, range):
            limits.items(len(result), node)
        return list(result) if isinstance(result, (range, zip, enumerate, reversed)) else result
    found = _pure_method(node, scope)
    if found is not _NOT_PURE:
        return found
    if scope.fallback is not None:  # a frontend evaluates the calls it knows (layer constructors ...)
        return scope.fallback(node, scope)
    raise NotConstant(node, lambda: f"call {ast.unparse(node.func)}(...) is not evaluated statically")


_NOT_PURE = object()
# methods of str, list, tuple and dict that change nothing: "the cat".split(), vocab.get(w, 1), d.items()
PURE_METHODS = frozenset({"split", "rsplit", "strip", "lstrip", "rstrip", "lower", "upper", "replace", "startswith",
                          "endswith", "join", "isdigit", "isalpha", "items", "keys", "values", "get", "index", "count"})


def _starred(node: ast.expr, scope) -> list:
    """The values an argument gives: ``*items`` gives each item."""
    if not isinstance(node, ast.Starred):
        return [evaluate(node, scope)]
    value = evaluate(node.value, scope)
    if not isinstance(value, (list, tuple, str, dict)):
        raise NotConstant(node, f"*{ast.unparse(node.value)} is not a sequence here")
    return list(value)


def _mapping(node: ast.expr, scope) -> dict:
    """``**config``: a dict with string keys."""
    value = evaluate(node, scope)
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise NotConstant(node, f"**{ast.unparse(node)} is not a mapping of names here")
    return value


def _dict(node: ast.Dict, scope) -> dict:
    """``{"width": 16, **base}``: items and merged mappings, in order."""
    made: dict = {}
    for key, value in zip(node.keys, node.values):
        if key is None:
            made.update(_mapping(value, scope))
        else:
            made.update(python(node, dict, [(evaluate(key, scope), evaluate(value, scope))]))
    return made


def _pure_method(node: ast.Call, scope):
    """``sentence.split()`` on a string read statically (a vocabulary built from sentences in the
    file); ``_NOT_PURE`` for any other call, which the frontend evaluates."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr in PURE_METHODS) or node.keywords:
        return _NOT_PURE
    try:
        owner = evaluate(func.value, scope)
    except NotConstant:
        return _NOT_PURE
    if not isinstance(owner, (str, list, tuple, dict)) or isinstance(owner, bool):
        return _NOT_PURE
    result = python(node, getattr(owner, func.attr), *[evaluate(a, scope) for a in node.args])
    return list(result) if type(result).__name__ in ("dict_items", "dict_keys", "dict_values") else result


def _subscript(node: ast.Subscript, scope):
    value, key = evaluate(node.value, scope), evaluate(node.slice, scope)
    if isinstance(key, Size):  # a lookup by an open size would silently miss
        raise OpenSize(key, f"the index {ast.unparse(node)}")
    return python(node, operator.getitem, value, strip(key))


def _slice(node: ast.Slice, scope):
    part = lambda e: None if e is None else strip(evaluate(e, scope))  # noqa: E731
    return slice(part(node.lower), part(node.upper), part(node.step))


def _compare(node: ast.Compare, scope):
    left = evaluate(node.left, scope)
    for op, right_node in zip(node.ops, node.comparators):
        right = evaluate(right_node, scope)
        open_operand(node, left, right)
        if not python(node, _COMPARE[type(op)], left, right):
            return False
        left = right
    return True


def _bool(node: ast.BoolOp, scope):
    values = (evaluate(v, scope) for v in node.values)
    if isinstance(node.op, ast.And):
        result = True
        for result in values:
            if not result:
                return result
        return result
    result = False
    for result in values:
        if result:
            return result
    return result


def _sequence(node: ast.List | ast.Tuple, scope):
    items = []
    for element in node.elts:
        if isinstance(element, ast.Starred):
            items.extend(python(element, list, evaluate(element.value, scope)))
        else:
            items.append(evaluate(element, scope))
    return tuple(items) if isinstance(node, ast.Tuple) else items


def _comprehension(node: ast.ListComp | ast.GeneratorExp, scope):
    """[f(x) for x in xs if cond], with static iterables; nested generators in order."""
    results = []

    def walk(generators, inner):
        if not generators:
            results.append(evaluate(node.elt, inner))
            return
        first = generators[0]
        for item in _in_order(first.iter, evaluate(first.iter, inner)):
            limits.step(first.iter)
            local = inner.child()
            local.assign(first.target, item)
            if all(evaluate(cond, local) for cond in first.ifs):
                walk(generators[1:], local)

    walk(node.generators, scope)
    return results


def _in_order(node: ast.expr, value) -> list:
    """The items of a sequence; a set's sorted (Python's own order of a set of strings changes
    from run to run, and the same input must give the same output)."""
    if isinstance(value, (set, frozenset)):
        return python(node, sorted, value, key=repr)
    return python(node, list, value)


def _set_comprehension(node: ast.SetComp, scope):
    """``{w for sentence in corpus for w in sentence.split()}``."""
    return set(_comprehension(ast.ListComp(node.elt, node.generators), scope))


def _dict_comprehension(node: ast.DictComp, scope):
    pairs = _comprehension(ast.ListComp(ast.Tuple([node.key, node.value], ast.Load()), node.generators), scope)
    return dict(pairs)


def _formatted(node: ast.JoinedStr, scope):
    """f"block{i}" and f"{name}_{width:03d}" on known values."""
    parts = []
    for value in node.values:
        if isinstance(value, ast.FormattedValue):
            item = evaluate(value.value, scope)
            item = {-1: item, 115: str(item), 114: repr(item), 97: ascii(item)}[value.conversion]
            spec = "" if value.format_spec is None else _formatted(value.format_spec, scope)
            parts.append(format(item, spec))
        else:
            parts.append(str(value.value))
    return "".join(parts)


_HANDLERS = {
    ast.Constant: lambda n, s: n.value,
    ast.JoinedStr: _formatted,
    ast.Name: _name,
    ast.Attribute: _attribute,
    ast.Tuple: _sequence,
    ast.List: _sequence,
    ast.ListComp: _comprehension,
    ast.GeneratorExp: _comprehension,
    ast.DictComp: _dict_comprehension,
    ast.SetComp: _set_comprehension,
    ast.Dict: lambda n, s: _dict(n, s),
    ast.UnaryOp: lambda n, s: python(n, _UNARY[type(n.op)], evaluate(n.operand, s)),
    ast.BinOp: lambda n, s: binary(n, evaluate(n.left, s), evaluate(n.right, s)),
    ast.IfExp: lambda n, s: evaluate(n.body, s) if evaluate(n.test, s) else evaluate(n.orelse, s),
    ast.Call: _call,
    ast.Subscript: _subscript,
    ast.Slice: _slice,
    ast.Compare: _compare,
    ast.BoolOp: _bool,
}


def binary(node: ast.BinOp, left, right):
    """``left <op> right``, bounded: no operation makes a huge container or integer (else
    ``NotConstant``, as for a failure of Python's own)."""
    op = type(node.op)
    a, b = plain_value(left), plain_value(right)  # the bounds decide nothing about a traced parameter
    if op is ast.Mult:
        for seq, count in ((a, b), (b, a)):
            if isinstance(seq, (list, tuple, str)) and isinstance(count, int):
                limits.items(len(seq) * count, node)
    if isinstance(a, int) and isinstance(b, int):
        if op is ast.Pow and b > 0 and abs(a) > 1:
            limits.int_bits(b * (abs(a).bit_length() - 1) + 1, node)
        elif op is ast.LShift and b > 0:
            limits.int_bits(b + a.bit_length(), node)
        elif op is ast.Mult:
            limits.int_bits(a.bit_length() + b.bit_length(), node)
    return python(node, _BINARY[op], left, right)


def python(node: ast.AST, fn: Callable, *args, **kwargs):
    """``fn(*args, **kwargs)`` as Python computes it. An error Python itself raises on the values
    (``cfg[2.5]``, ``1 // 0``, ``range(0.5)``, iterating a layer) is the source's own:
    ``NotConstant`` saying so. One raised in a frontend's code (a tensor's operator) propagates."""
    try:
        return fn(*args, **kwargs)
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        tb = exc.__traceback__.tb_next
        while tb is not None:  # frames below this call: Python's own only (or this module's lambdas)
            if tb.tb_frame.f_code.co_filename != __file__:
                raise
            tb = tb.tb_next
        message = str(exc)
        raise NotConstant(node, lambda: f"{ast.unparse(node)} fails in Python: {message}") from None


def open_operand(node: ast.AST, *operands) -> None:
    """A comparison with a size known only at run time (``rnn_type in ["LSTM", "GRU"]``,
    ``num_classes == 1``) would decide a branch without its value: refused, naming it."""
    for operand in operands:
        found = sizes_in(operand)
        if found:
            raise OpenSize(found[0], f"the comparison {ast.unparse(node)}")


def scalar_type(value: int | float):
    """The type of a Python number used as a tensor operand: rank 0, it broadcasts against any
    tensor (``x * 0.5``), so shape inference goes on past it."""
    from ...ir.types import TensorType

    return TensorType((), (), "float32" if isinstance(value, float) else "int64")


from . import limits  # noqa: E402  (limits' BoundExceeded is a NotConstant)
