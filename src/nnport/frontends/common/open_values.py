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
from dataclasses import replace
from typing import Any

from ...errors import Reporter
from ...ir.sizes import OpenValue, Size, call_text, deciding_parameter, names_in
from .locations import loc_of
from .program import changed_names

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


class OpenValues:
    """The sizes one reading leaves open, by name; ``given`` (``--set``) supplies values."""

    def __init__(self, path: str, given: dict[str, Any] | None = None):
        self.path, self.given = path, dict(given or {})
        self.found: dict[str, OpenValue] = {}
        self.taken: set[str] = set()  # given names the reading used
        self.known: dict[str, OpenValue] = {}  # names read from a known dataset's shapes (verify gives them)
        self.shapes: dict[str, tuple] = {}  # input shapes computed from data, by their place (PivotModel.shape_arguments)

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
        span = (expr.lineno, expr.col_offset, expr.end_lineno, expr.end_col_offset)
        found = OpenValue(name, "argument", ast.unparse(expr), loc_of(expr, self.path), span, owner)
        if self._given(name):  # kept for verify, which gives the source the same value there
            self.known.setdefault(name, replace(found, value=self.given[name]))
            return self.given[name]
        self.found.setdefault(name, found)
        return Size(name)

    def dataset(self, name: str, expr: ast.expr, value: Any, loader: str) -> None:
        """An argument computed inline from a dataset loaded by name (``input_shape=x_train.shape[1:]``):
        static reading knows its value; verify, which skips loading the data, gives the source the
        same value in its place."""
        span = (expr.lineno, expr.col_offset, expr.end_lineno, expr.end_col_offset)
        name = self._unique(name, expr)
        self.known.setdefault(name, OpenValue(name, "dataset", f"the shape of the {loader} samples the file loads",
                                              loc_of(expr, self.path), span, value=value))

    def input_shape(self, expr: ast.expr) -> None:
        """``keras.Input(input_shape)`` where the shape comes from data at run time through ``expr``."""
        name = "input_shape" if "input_shape" not in self.shapes else f"input_shape_{len(self.shapes) + 1}"
        self.shapes[name] = (expr.lineno, expr.col_offset, expr.end_lineno, expr.end_col_offset)

    def parameter(self, name: str, owner: str, where: ast.AST) -> Any:
        """A constructor parameter without a default of a class the file never builds."""
        found = OpenValue(name, "parameter", "", loc_of(where, self.path), None, owner)
        if self._given(name):  # kept: the model expression verify runs names it
            self.known.setdefault(name, replace(found, value=self.given[name]))
            return self.given[name]
        self.found.setdefault(name, found)
        return Size(name)

    def explain(self, message: str) -> str:
        """An error a required argument of a class the file never builds caused (``if cell ==
        "lstm"``): the call to give with --model added."""
        found = deciding_parameter(message, self.found.values())
        if found is None or "--model" in message:
            return message
        return (f"{message}; {found[0].owner} is never built in this file and its structure depends on its "
                f"argument {found[0].name}, which no size can stand for: give the call that builds it with "
                f"--model '{found[1]}'")

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


def with_parameters(expr: str, values: dict[str, OpenValue]) -> str:
    """``ConvClassifier()`` -> ``ConvClassifier(num_classes=num_classes)``: the model expression
    verify runs names the required arguments it gives values to."""
    params = [v.name for v in values.values() if v.kind == "parameter" and expr == f"{v.owner}()"]
    return f"{expr[:-2]}({', '.join(f'{n}={n}' for n in params)})" if params else expr


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
    model.open_values = {**opened.used(model_sizes(model)), **opened.known}
    model.shape_arguments = dict(opened.shapes)
    owners: dict[str, list] = {}
    for value in model.open_values.values():
        if value.value is not None:  # known: from a dataset's shape, or given with --set
            continue
        if value.kind == "parameter":
            owners.setdefault(value.owner, []).append(value)
        else:
            reporter.warning(f"{value.describe()}: kept by name, a constructor parameter of the migrated model "
                             f"where its code needs the value; give --set {value.name}=VALUE to write a number "
                             "instead", value.loc)
    for name in sorted(set(opened.given) - opened.taken):
        reporter.warning(f"--set {name}=...: the file leaves no value of that name open; it is not used")
    for owner, values in owners.items():
        names = [v.name for v in values]
        many = len(names) > 1
        kept = "constructor parameters" if many else "a constructor parameter"
        sets = " ".join(f"--set {n}=VALUE" for n in names)
        call = call_text(owner, names)
        reporter.warning(f"{owner} is never built in this file: its required argument{'s' if many else ''} "
                         f"{' and '.join(names)} {'are' if many else 'is'} kept as {kept} of the migrated class; "
                         f"give {sets} to write {'numbers' if many else 'a number'} instead, or the call that builds "
                         f"it with --model '{call}'", values[0].loc)


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
