"""Values a file computes only when it runs, read as named sizes (``ir.sizes.Size``).

``vocab_size = len(chars)`` after reading a text file, ``n_features = X.shape[2]`` after
``np.load``, an argument ``len(word_to_ix)`` of the model's call, a constructor parameter the
file never gives: static reading cannot know them, but the network's structure does not depend
on them. Each becomes a ``Size`` of that name, which the generated code keeps (a constructor
parameter of the migrated class); ``--set NAME=VALUE`` gives a value instead. What would need
the value (a condition, ``range()``, a reshape) is refused where it happens, naming it.
"""
from __future__ import annotations

import ast
from typing import Any

from ...errors import Reporter
from ...ir.sizes import OpenValue, Size, names_in
from .locations import loc_of
from .program import changed_names

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


class OpenValues:
    """The sizes one reading leaves open, by name; ``given`` (``--set``) supplies values."""

    def __init__(self, path: str, given: dict[str, Any] | None = None):
        self.path, self.given = path, dict(given or {})
        self.found: dict[str, OpenValue] = {}
        self.taken: set[str] = set()  # given names the reading used

    def _given(self, name: str) -> bool:
        if name in self.given:
            self.taken.add(name)
            return True
        return False

    def data(self, name: str, stmt: ast.stmt) -> Any:
        """A module-level name bound by a statement static reading could not follow."""
        if self._given(name):
            return self.given[name]
        self.found.setdefault(name, OpenValue(name, "data", _statement_text(stmt), loc_of(stmt, self.path)))
        return Size(name)

    def argument(self, name: str, expr: ast.expr, owner: str) -> Any:
        """An argument expression of the model's call that static reading cannot evaluate."""
        name = self._unique(name, expr)
        if self._given(name):
            return self.given[name]
        span = (expr.lineno, expr.col_offset, expr.end_lineno, expr.end_col_offset)
        self.found.setdefault(name, OpenValue(name, "argument", ast.unparse(expr), loc_of(expr, self.path), span,
                                              owner))
        return Size(name)

    def parameter(self, name: str, owner: str, where: ast.AST) -> Any:
        """A constructor parameter without a default of a class the file never builds."""
        if self._given(name):
            return self.given[name]
        self.found.setdefault(name, OpenValue(name, "parameter", "", loc_of(where, self.path), None, owner))
        return Size(name)

    def _unique(self, name: str, expr: ast.expr) -> str:
        """A second, different argument named like a first one gets a number (``units_2``)."""
        text, base, count = ast.unparse(expr), name, 1
        while name in self.found and self.found[name].origin != text:
            count += 1
            name = f"{base}_{count}"
        return name

    def used(self, values: list) -> dict[str, OpenValue]:
        """The open values the given attribute values and types read, in source order."""
        names = set(names_in(values))
        return {n: v for n, v in self.found.items() if n in names}


def model_sizes(model) -> list:
    """Every attribute value and input type of the model's networks (what may hold sizes)."""
    found: list = []
    for net in model.networks.values():
        found += [m.attrs for m in net.modules.values()]
        found += [n.attrs for n in net.graph.nodes]
        found += [t.shape for t in net.graph.types.values()]
    return found


def finish(model, opened: OpenValues, reporter: Reporter) -> None:
    """Records on the model the open values its networks use, with a warning for each (one for
    the required arguments of a class the file never builds)."""
    model.open_values = opened.used(model_sizes(model))
    owners: dict[str, list] = {}
    for value in model.open_values.values():
        if value.kind == "parameter":
            owners.setdefault(value.owner, []).append(value)
        else:
            reporter.warning(f"{value.describe()}: the migrated model takes it as a constructor parameter; "
                             f"give --set {value.name}=VALUE to write a number instead", value.loc)
    for name in sorted(set(opened.given) - opened.taken):
        reporter.warning(f"--set {name}=...: the file leaves no value of that name open; it is not used")
    for owner, values in owners.items():
        names = [v.name for v in values]
        many = len(names) > 1
        reporter.warning(f"{owner} is never built in this file: its required argument{'s' if many else ''} "
                         f"{' and '.join(names)} {'are' if many else 'is'} kept as constructor "
                         f"parameter{'s' if many else ''} of the migrated class; give "
                         f"{' '.join(f'--set {n}=VALUE' for n in names)} to write numbers instead, or the call "
                         f"that builds it with --model '{owner}({', '.join(f'{n}=...' for n in names)})'",
                         values[0].loc)


def module_bindings(tree: ast.Module) -> dict[str, ast.stmt]:
    """Module-level name -> the last statement outside functions and classes that binds or
    changes it (``text = f.read()`` inside a ``with``; a loop filling a dict)."""
    found: dict[str, ast.stmt] = {}
    for stmt in _module_statements(tree.body):
        for name in changed_names(stmt):
            found[name] = stmt
    return found


def _module_statements(body: list[ast.stmt]):
    for stmt in body:
        if isinstance(stmt, (*_SCOPES, ast.Import, ast.ImportFrom)):
            continue
        if not isinstance(stmt, (ast.If, ast.Try, ast.With, ast.AsyncWith, ast.For, ast.AsyncFor, ast.While)):
            yield stmt
            continue
        if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While)):
            yield stmt  # the loop binds its target and changes what its body changes
        for item in getattr(stmt, "items", []):  # with open(...) as f
            if item.optional_vars is not None:
                yield ast.copy_location(ast.Assign([item.optional_vars], item.context_expr), stmt)
        for field in ("body", "orelse", "finalbody"):
            yield from _module_statements(getattr(stmt, field, []))
        for handler in getattr(stmt, "handlers", []):
            yield from _module_statements(handler.body)


def _statement_text(stmt: ast.stmt, limit: int = 70) -> str:
    text = ast.unparse(stmt).split("\n")[0]
    return text if len(text) <= limit else text[: limit - 3] + "..."
