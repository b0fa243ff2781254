"""The models of a Keras file that could be the one migrated (``nnport inspect --list``)."""
from __future__ import annotations

import ast

from ...errors import NnportError, Reporter
from ...options import ReadOptions
from ..candidates import Candidate, for_class, for_function
from .main import choose_main
from .models import Instance
from .reader import Reader
from .values import UserClass, UserFunction

MODEL_CALLS = ("Model", "Sequential")


def candidates(tree: ast.Module, path: str) -> list[Candidate]:
    reader = Reader(tree, path, Reporter())
    reader.run()
    try:
        default = choose_main(reader, ReadOptions())
    except NnportError:
        default = None
    found, seen = [], set()
    for var, model in reader.models:
        if var not in seen and reader.env.vars.get(var) is model:
            seen.add(var)
            found.append(Candidate(var, "built by the file", f"the model the file holds in `{var}`",
                                   model.loc.line if model.loc else 0, model is default))
    for name, value in reader.env.vars.items():
        if isinstance(value, UserClass) and value.base == "model":
            made = isinstance(default, Instance) and default.cls is value and not found
            init = next((s for s in value.node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
            found.append(for_class(name, init, value.node.lineno, made))
        elif isinstance(value, UserFunction) and _builds_model(value.node, reader, _model_classes(reader)):
            found.append(for_function(value.node, default is not None and default.var == name and not found))
    return sorted(found, key=lambda c: (not c.default, c.line, c.model))


def _model_classes(reader) -> set[str]:
    return {n for n, v in reader.env.vars.items() if isinstance(v, UserClass) and v.base == "model"}


def _builds_model(fn: ast.FunctionDef, reader, classes: set[str]) -> bool:
    """A function that returns something and makes a keras.Model / Sequential or a Model class
    of the file on the way."""
    returns = any(isinstance(n, ast.Return) and n.value is not None for n in ast.walk(fn))
    return returns and any(isinstance(n, ast.Call) and ((reader.imports.qualify(n.func) or "").endswith(MODEL_CALLS)
                                                        or isinstance(n.func, ast.Name) and n.func.id in classes)
                           for n in ast.walk(fn))
