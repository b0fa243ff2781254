"""Bind a call's arguments to a catalog spelling: framework arguments -> canonical attributes.

Arguments the source omits take the framework's own default, so the pivot model never
relies on the target's (different) defaults. Unknown arguments are reported, not dropped.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Callable

from ...catalog.schema import ABSENT, Spelling


@dataclass
class Bound:
    attrs: dict[str, Any] = field(default_factory=dict)  # canonical attributes
    operands: dict[str, ast.expr] = field(default_factory=dict)  # positional/keyword args that are inputs
    unknown: dict[str, ast.expr] = field(default_factory=dict)  # arguments the spelling does not map
    fused_activation: ast.expr | None = None  # Keras activation= to become its own node


def bind_call(spelling: Spelling, call: ast.Call, value_of: Callable[[ast.expr, str], Any],
              skip_positional: int = 0) -> Bound:
    """``value_of(expr, arg_name)`` evaluates an argument (raising the frontend's own error).

    ``skip_positional`` drops leading positionals already consumed (a method's receiver)."""
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
            bound.attrs[arg.attr] = arg.from_fw(value_of(expr, name))
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
    return bound
