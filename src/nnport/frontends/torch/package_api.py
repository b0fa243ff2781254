"""What a model file of a package calls from that package, absent when one file is read.

* torchvision's weights API in builders: ``weights = ResNet18_Weights.verify(weights)``. A
  ``WeightsEnum`` subclass names pretrained checkpoints; ``verify(None)`` is ``None`` (random
  initialisation, the builders' default), the path the migration reads. A checkpoint given by
  name loads its state when the model is built, which no static reading can stand for: refused.
* a helper of the package called for its effect alone (``_log_api_usage_once(self)``), its
  result unused: not read, with a warning (what it does to the model, if anything, is not
  translated; verify compares the weights and outputs).
"""
from __future__ import annotations

import ast

_ENUM_BASES = {"WeightsEnum"}


def weights_class(node: ast.expr, src) -> bool:
    """``node`` names a class of the file that derives from the weights enum."""
    cls = src.foreign_classes.get(node.id) if isinstance(node, ast.Name) else None
    return cls is not None and any(_base_name(b) in _ENUM_BASES for b in cls.bases)


def _base_name(base: ast.expr) -> str | None:
    if isinstance(base, ast.Attribute):
        return base.attr
    return base.id if isinstance(base, ast.Name) else None


def verify_call(node: ast.Call, src, value) -> tuple[bool, object]:
    """(handled, result) for ``Enum.verify(arg)``; ``value(expr)`` evaluates the argument."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "verify" and weights_class(func.value, src)):
        return False, None
    if len(node.args) != 1 or node.keywords:
        return False, None
    given = value(node.args[0])
    if given is None:
        return True, None
    from .values import Untranslatable

    raise Untranslatable(node, f"{ast.unparse(node)} with weights={given!r}: pretrained weights are loaded when "
                               "the model is built; nnport reads the builder with weights=None (random "
                               "initialisation) and converts weights apart (`nnport weights`)")


def relative_names(src) -> dict[str, str]:
    """Names bound by the file's relative imports -> ``from ..utils import name``."""
    found = getattr(src, "_relative_names", None)
    if found is None:
        found = {}
        for node in src.tree.body:
            if isinstance(node, ast.ImportFrom) and node.level:
                for alias in node.names:
                    found[alias.asname or alias.name] = " ".join(ast.unparse(node).split())
        src._relative_names = found
    return found


def unread_statement(stmt: ast.Expr, src) -> bool:
    """``helper(self)`` as a statement, ``helper`` from the file's package: warned, not read."""
    call = stmt.value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
        return False
    origin = relative_names(src).get(call.func.id)
    if origin is None:
        return False
    src.reporter.warning(f"{ast.unparse(call)} is not read: {call.func.id} comes from the file's package "
                         f"(`{origin}`), which is not part of this file; whatever it does to the model is not "
                         "translated", src.loc(stmt))
    return True
