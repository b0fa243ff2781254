"""Qualified names: ``nn.Conv2d``, ``layers.Dense`` or ``Dense`` -> the name however it was imported.

Spellings in the catalog are qualified ("torch.nn.Conv2d", "keras.layers.Dense"); this
resolves any alias to them. ``tensorflow.keras`` and ``tf_keras`` are read as ``keras``.
"""
from __future__ import annotations

import ast

# prefixes that name the same API; longest first
_CANONICAL_PREFIXES = (
    ("tensorflow.python.keras.", "keras."),
    ("tensorflow.keras.", "keras."),
    ("tf_keras.", "keras."),
    ("keras.src.", "keras."),
    ("keras.layers.experimental.preprocessing.", "keras.layers."),
    ("keras.optimizers.legacy.", "keras.optimizers."),
    ("keras.models.Sequential", "keras.Sequential"),
    ("keras.models.Model", "keras.Model"),
    ("keras.Input", "keras.layers.Input"),
    ("torch.nn.modules.", "torch.nn."),
)


def canonical(name: str) -> str:
    """Rewrites until stable: tensorflow.keras.models.Model -> keras.models.Model -> keras.Model."""
    rewritten = _rewrite_once(name)
    return name if rewritten == name else canonical(rewritten)


def _rewrite_once(name: str) -> str:
    for prefix, replacement in _CANONICAL_PREFIXES:
        if name == prefix.rstrip(".") and prefix.endswith("."):
            return replacement.rstrip(".")
        if name.startswith(prefix):
            return replacement + name[len(prefix):]
    return name


def _statements(tree: ast.AST):
    """Every statement, nested ones included, without walking into expressions (imports are
    statements; expressions are most of a file's nodes)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            stack.extend(reversed(getattr(node, field, None) or []))


class Imports:
    """Local name -> qualified name, from every import statement in a module."""

    def __init__(self, tree: ast.Module):
        self.aliases: dict[str, str] = {}
        for node in _statements(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    local = alias.asname or alias.name.split(".")[0]
                    self.aliases[local] = alias.name if alias.asname else local
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        for node in tree.body:  # module aliases by assignment: layers = tf.keras.layers; K = keras.backend
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and isinstance(node.value, (ast.Attribute, ast.Name)):
                qualified = self.qualify(node.value)
                if qualified is not None and node.targets[0].id not in self.aliases:
                    self.aliases[node.targets[0].id] = qualified

    def qualify(self, expr: ast.expr) -> str | None:
        """The canonical qualified name of a dotted expression, or None if it is not imported."""
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name) or expr.id not in self.aliases:
            return None
        parts.append(self.aliases[expr.id])
        return canonical(".".join(reversed(parts)))

    def frameworks(self) -> set[str]:
        roots = {canonical(q).split(".")[0] for q in self.aliases.values()}
        return {"torch" if r == "torch" else "keras" for r in roots if r in ("torch", "keras", "tensorflow")}
