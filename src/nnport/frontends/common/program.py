"""Values a script sets from outside that static reading takes at their stated defaults:
command-line flags (``argparse``) and environment variables (``os.environ.get(name, default)``).

Each is read as its default, and the frontend warns with the flag or variable and the value
used, so a user who runs the script differently knows what to pass (``--input-shape``, or
editing the default).
"""
from __future__ import annotations

import ast
from types import SimpleNamespace
from typing import Any, Callable

from .constants import NotConstant, Scope, evaluate

ENVIRONMENT_READS = {"os.environ.get": 1, "os.getenv": 1}  # qualified call -> position of the default


def argparse_namespaces(tree: ast.Module, qualify: Callable[[ast.expr], str | None],
                        scope: Scope) -> list[tuple[str, SimpleNamespace, ast.AST]]:
    """(variable, its flags at their defaults, the parse call) for each ``args = parser.parse_args()``."""
    parsers = {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
               and qualify(n.value.func) == "argparse.ArgumentParser" for t in n.targets if isinstance(t, ast.Name)}
    if not parsers:
        return []
    flags = {}
    for node in ast.walk(tree):
        if _method_of(node, parsers, "add_argument"):
            found = _flag(node, scope)
            if found is not None:
                flags[found[0]] = found[1]
    parsed = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _method_of(node.value, parsers, ("parse_args", "parse_known_args")):
            target = node.targets[0]
            if isinstance(target, ast.Tuple) and target.elts:  # args, unknown = parser.parse_known_args()
                target = target.elts[0]
            if isinstance(target, ast.Name):
                parsed.append((target.id, SimpleNamespace(**flags), node))
    return parsed


def describe(namespace: SimpleNamespace) -> str:
    return ", ".join(f"--{name.replace('_', '-')}={value!r}" for name, value in vars(namespace).items())


def environment_default(node: ast.Call, qualify: Callable[[ast.expr], str | None], scope: Scope):
    """``os.environ.get("HIDDEN", 64)``: (variable, default); None for another call."""
    position = ENVIRONMENT_READS.get(qualify(node.func) or "")
    if position is None or not node.args:
        return None
    default = node.args[position] if len(node.args) > position else next(
        (k.value for k in node.keywords if k.arg == "default"), None)
    value = evaluate(default, scope) if default is not None else None
    return evaluate(node.args[0], scope), value


def _method_of(node: Any, owners: set[str], names) -> bool:
    names = (names,) if isinstance(names, str) else names
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names
            and isinstance(node.func.value, ast.Name) and node.func.value.id in owners)


def _flag(call: ast.Call, scope: Scope) -> tuple[str, Any] | None:
    """(dest, default) of one ``add_argument``: store_true flags default to False."""
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    names = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    longest = max(names, key=len, default=None)
    dest = _constant(keywords.get("dest"), scope) or (longest.lstrip("-").replace("-", "_") if longest else None)
    if not dest:
        return None
    action = _constant(keywords.get("action"), scope)
    default = _constant(keywords.get("default"), scope) if "default" in keywords else \
        {"store_true": False, "store_false": True}.get(action)
    kind = keywords.get("type")
    if isinstance(default, str) and isinstance(kind, ast.Name) and kind.id in ("int", "float"):
        try:
            default = {"int": int, "float": float}[kind.id](default)
        except ValueError:
            pass
    return dest, default


def _constant(node: ast.expr | None, scope: Scope) -> Any:
    if node is None:
        return None
    try:
        return evaluate(node, scope)
    except (NotConstant, TypeError, ValueError, KeyError, IndexError):
        return None


MUTATING_METHODS = {"append", "extend", "insert", "update", "setdefault", "add", "pop", "remove", "clear",
                    "sort", "reverse", "popitem", "discard"}


def changed_names(stmt: ast.stmt) -> set[str]:
    """Names a statement binds or changes in place (``d[k] = v``, ``xs.append(v)``, ``n += 1``):
    a value read statically must not be taken from before such a change it does not follow."""
    names = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            base = node.value
            while isinstance(base, (ast.Subscript, ast.Attribute)):
                base = base.value
            if isinstance(base, ast.Name):
                names.add(base.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in MUTATING_METHODS and isinstance(node.func.value, ast.Name):
            names.add(node.func.value.id)
    return names


def attributes_set(stmt: ast.stmt, name: str) -> set[str]:
    """The attributes of ``name`` a statement assigns or deletes (``opt.seed = 1`` -> {"seed"})."""
    return {n.attr for n in ast.walk(stmt) if isinstance(n, ast.Attribute) and isinstance(n.ctx, (ast.Store, ast.Del))
            and isinstance(n.value, ast.Name) and n.value.id == name}
