"""Calls of Python's standard library that static reading computes: ``math`` functions on known
numbers, and environment variables read at their stated default (``os.environ.get("UNITS", 64)``),
which the frontend reports so that a user who sets the variable knows what to pass."""
from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import Any

from .constants import NotConstant, Scope, evaluate, python
from .program import environment_default


def library_call(node: ast.expr, qualify: Callable[[ast.expr], str | None], scope: Scope) -> tuple[Any, str | None]:
    """(value, warning or None) for ``math.log2(64)`` or an environment read; ``NotConstant`` else."""
    qualified = qualify(node.func) if isinstance(node, ast.Call) else None
    if qualified and qualified.startswith("math.") and callable(getattr(math, qualified[5:], None)):
        if node.keywords:
            raise NotConstant(node, f"{qualified}(...) with keyword arguments is not evaluated statically")
        args = [evaluate(a, scope) for a in node.args]
        return python(node, getattr(math, qualified[5:]), *args), None
    found = environment_default(node, qualify, scope) if qualified else None
    if found is None:
        raise NotConstant(node, lambda: f"{ast.unparse(node)} is not evaluated statically")
    return found[1], f"environment variable {found[0]!r} is read as its default {found[1]!r}"
