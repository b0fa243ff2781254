"""Bind a call's arguments to a catalog spelling: framework arguments -> canonical attributes.

Arguments the source omits take the framework's own default, so the pivot model never
relies on the target's (different) defaults. Unknown arguments are reported, not dropped.
Every value given is checked against its attribute's catalog type and range (catalog/checks.py):
a value the framework would refuse is reported at the argument, never bound.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Callable

from ...catalog import checks, registry
from ...catalog.schema import ABSENT, REQUIRED, TRAINING_FAMILIES, Spelling
from ...ir.sizes import OpenSize, sizes_in
from . import limits
from .traced import plain_value


@dataclass
class Bound:
    attrs: dict[str, Any] = field(default_factory=dict)  # canonical attributes
    operands: dict[str, ast.expr] = field(default_factory=dict)  # positional/keyword args that are inputs
    unknown: dict[str, ast.expr] = field(default_factory=dict)  # arguments the spelling does not map
    fused_activation: ast.expr | None = None  # Keras activation= to become its own node


class InvalidArgument(ValueError):
    """An argument value its attribute does not accept; ``expr`` locates it in the source."""

    def __init__(self, expr: ast.expr, why: str):
        super().__init__(why)
        self.expr, self.why = expr, why


def bind_call(spelling: Spelling, call: ast.Call, value_of: Callable[[ast.expr, str], Any],
              skip_positional: int = 0, error: Callable[[ast.expr, str], Exception] = InvalidArgument,
              symbolic: Callable[[Any], bool] | None = None) -> Bound:
    """``value_of(expr, arg_name)`` evaluates an argument (raising the frontend's own error).

    ``skip_positional`` drops leading positionals already consumed (a method's receiver).
    ``error(expr, message)`` makes the frontend's exception for a value its attribute does not
    accept; ``symbolic(value)`` tells values the frontend resolves later (not checked here)."""
    given: dict[str, ast.expr] = {}
    for name, expr in zip(spelling.positional, call.args[skip_positional:]):
        given[name] = expr
    for extra in call.args[skip_positional + len(spelling.positional):]:
        given[f"*{len(given)}"] = extra
    for keyword in call.keywords:
        if keyword.arg is None:
            given["**"] = keyword.value
        else:
            given[keyword.arg] = keyword.value

    found = registry.lookup(spelling.framework, spelling.form, spelling.name)
    kind = found[0] if found else None
    bound = Bound()
    seen = set()
    for name, expr in given.items():
        arg = spelling.arg(name)
        if name == spelling.fused_activation:
            bound.fused_activation = expr
        elif arg is None:
            target = bound.operands if name in spelling.positional or not name.isidentifier() else bound.unknown
            target[name] = expr
        elif arg.attr is not None:
            bound.attrs[arg.attr] = _checked(kind, spelling, arg, name, expr, value_of(expr, name), error, symbolic)
            seen.add(arg.name)
        elif value_of(expr, name) != arg.default:  # a fixed argument given another value
            bound.unknown[name] = expr
    for arg in spelling.args:
        if arg.name not in seen and arg.attr is not None and arg.default is not ABSENT:
            bound.attrs.setdefault(arg.attr, arg.from_fw(arg.default))
    # meanings a spelling fixes without an argument (BCEWithLogitsLoss: from_logits), and
    # attributes several arguments make together (Keras beta_1/beta_2 -> betas)
    if "implied" in spelling.hooks:
        bound.attrs.update(spelling.hooks["implied"]())
    if "bind" in spelling.hooks:
        bound.attrs = spelling.hooks["bind"](bound.attrs)
    # an argument the framework requires (not knowable when ``*args`` / ``**kwargs`` are given)
    if kind is not None and "**" not in given and not any(isinstance(a, ast.Starred) for a in call.args):
        missing = _missing(kind, spelling, bound)
        if missing:
            raise error(call, f"{spelling.name.rsplit('.', 1)[-1]}(...) is missing its argument {missing!r}")
    if kind is not None and kind.family not in TRAINING_FAMILIES:
        limits.layers(checks.layer_count(bound.attrs), call, f"{ast.unparse(call.func)}(...)")
    return bound


def _missing(kind, spelling: Spelling, bound: Bound) -> str | None:
    """The first argument the framework requires that the call leaves out: one without a default
    in a layer's constructor (nn.LayerNorm's normalized_shape, Dropout's rate), or one carrying an
    attribute nothing else gives (a function's)."""
    required = {a.name for a in kind.attrs if a.default is REQUIRED and not a.inferred}
    for arg in spelling.args:
        if arg.attr is not None and arg.default is ABSENT and arg.attr not in bound.attrs and \
                (spelling.form == "layer" or arg.attr in required):
            return arg.name
    return None


def _checked(kind, spelling: Spelling, arg, name: str, expr: ast.expr, value: Any, error, symbolic) -> Any:
    """The canonical value of one argument, after checking it against the catalog."""
    if symbolic is not None and symbolic(value):
        return arg.from_fw(value)
    attr = next((a for a in kind.attrs if a.name == arg.attr), None) if kind else None
    if sizes_in(value):
        return _open_size(spelling, arg, name, expr, value, attr, error)
    text = ast.unparse(expr)
    shown = repr(value) if _plain(value) else text  # the value, where the source names it (``filters=v``)
    where = f"{spelling.name.rsplit('.', 1)[-1]}: {name}={text}" + (f" ({shown[:60]})" if shown != text else "")
    try:
        canonical = arg.from_fw(value)
    except (TypeError, ValueError):  # the spelling's converter refuses the value's form
        raise error(expr, f"{where} must be {checks.type_text(attr) if attr else 'another value'}") from None
    # a check that refuses invalid values decides nothing about the class's structure
    why = checks.problem(kind, attr, plain_value(canonical), none_ok=arg.default is None) if attr else None
    if why is not None:
        raise error(expr, f"{where} {why}")
    return canonical


def _open_size(spelling: Spelling, arg, name: str, expr: ast.expr, value: Any, attr, error) -> Any:
    """A size known only at run time (``ir.sizes.Size``) where the attribute is an integer or a
    tuple of them: kept by name. Anywhere else its value would be needed: refused, naming it."""
    where = f"{spelling.name.rsplit('.', 1)[-1]}: {name}={ast.unparse(expr)}"
    open_size = sizes_in(value)[0]
    if attr is None or attr.type not in ("int", "ints", "shape"):
        raise error(expr, str(OpenSize(open_size, where)))
    try:
        return arg.from_fw(value)
    except OpenSize as exc:
        raise error(expr, str(OpenSize(exc.size, where))) from None


def _plain(value) -> bool:
    return isinstance(value, (int, float, str, bool, type(None))) or (
        isinstance(value, (tuple, list)) and all(_plain(v) for v in value))
