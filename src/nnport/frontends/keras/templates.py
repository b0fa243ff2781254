"""Ops the Keras backend writes as an inline expression (a spelling's ``expression`` hook, such
as ``x + keras.ops.zeros_like(other)`` for expand_as) read back by matching the expression's
shape: the hook is rendered with placeholder operands once, and a source expression of the same
form is that op with the operands found in the placeholders' places. Generic over the catalog;
only kinds without attributes qualify (their expression is fixed up to the operands)."""
from __future__ import annotations

import ast
import inspect
from functools import lru_cache

from ...catalog import registry
from ..common.imports import canonical

_HOLE = "__nnport_operand_{}"


@lru_cache(maxsize=None)
def templates() -> tuple[tuple[str, ast.expr, int], ...]:
    """(kind name, expression with placeholder operands, operand count) per qualifying spelling."""
    found = []
    for kind in registry.kinds():
        for spelling in kind.spellings:
            hook = spelling.hooks.get("expression")
            if spelling.framework != "keras" or hook is None or kind.attrs:
                continue
            count = len(inspect.signature(hook).parameters) - 1
            text = hook({}, *(_HOLE.format(i) for i in range(count)))
            found.append((kind.name, ast.parse(text, mode="eval").body, count))
    return tuple(found)


def match(node: ast.expr, qualify) -> tuple[str, list[ast.expr]] | None:
    """(kind, operand expressions) when ``node`` has the form of an expression template."""
    for kind, template, count in templates():
        holes: dict[int, ast.expr] = {}
        if _same(template, node, holes, qualify) and len(holes) == count:
            return kind, [holes[i] for i in range(count)]
    return None


def _same(template, node, holes: dict, qualify) -> bool:
    if isinstance(template, ast.Name) and template.id.startswith(_HOLE.format("")):
        index = int(template.id.rsplit("_", 1)[1])
        if index in holes:  # an operand written twice (x + zeros_like(other, dtype=x.dtype)): the same
            return ast.dump(holes[index]) == ast.dump(node)
        holes[index] = node
        return True
    if isinstance(template, ast.Attribute) and _is_hole(template.value):  # an operand's attribute (x.dtype)
        return isinstance(node, ast.Attribute) and node.attr == template.attr and \
            _same(template.value, node.value, holes, qualify)
    if isinstance(template, ast.Attribute):  # a framework name, however the file imports it
        name = qualify(node) if isinstance(node, (ast.Attribute, ast.Name)) else None
        return name is not None and name == canonical(ast.unparse(template))
    if type(template) is not type(node):
        return False
    for field, value in ast.iter_fields(template):
        other = getattr(node, field, None)
        if field == "ctx":
            continue
        if isinstance(value, list):
            if not isinstance(other, list) or len(value) != len(other) or not all(
                    _same(a, b, holes, qualify) for a, b in zip(value, other)):
                return False
        elif isinstance(value, ast.AST):
            if not isinstance(other, ast.AST) or not _same(value, other, holes, qualify):
                return False
        elif value != other:
            return False
    return True


def _is_hole(node) -> bool:
    return isinstance(node, ast.Name) and node.id.startswith(_HOLE.format(""))
