"""``nnport export --format buml``: a Python script that builds the B-UML model.

The script is written from the B-UML objects ``to_buml`` made: each object becomes a call to
its class with the constructor arguments whose values differ from the defaults (read back
with ``inspect``), so every layer class the metamodel has is written the same way. Running
the script leaves ``nn_model`` (and, with a behaviour, ``system_class``) defined.
"""
from __future__ import annotations

import ast
import inspect

from besser.BUML.metamodel import nn as B

from ..ir.graph import PivotModel
from .buml import to_buml

HEADER = '"""B-UML model of {name}, written by nnport from {source}."""\n'


def script(model: PivotModel, behaviour: str | None = None) -> str:
    nn = to_buml(model)
    lines = [HEADER.format(name=model.main, source=model.source.file or "a pivot model"),
             "from besser.BUML.metamodel.nn import *  # noqa: F401,F403", ""]
    names: dict[int, str] = {}
    _network(nn, lines, names, "nn_model")
    for label, obj, method in (("configuration", nn.configuration, "add_configuration"),
                               ("train_data", nn.train_data, "add_train_data"),
                               ("test_data", nn.test_data, "add_test_data")):
        if obj is not None:
            lines += [f"{label} = {_call(obj)}", f"nn_model.{method}({label})"]
    if behaviour:
        lines += ["", *_behaviour(behaviour)]
    return "\n".join(lines) + "\n"


def _network(nn: B.NN, lines: list[str], names: dict, var: str) -> None:
    for i, sub in enumerate(nn.sub_nns):
        _network(sub, lines, names, f"{var}_{sub.name}")
    lines.append(f"{var} = {_call(nn)}")
    for module in nn.modules:
        if isinstance(module, B.NN):
            lines.append(f"{var}.add_sub_nn({var}_{module.name})")
        elif isinstance(module, B.TensorOp):
            lines.append(f"{var}.add_tensor_op({_call(module)})")
        else:
            lines.append(f"{var}.add_layer({_call(module)})")
    lines.append("")


def _call(obj) -> str:
    """``Class(arg=value, ...)`` for the constructor arguments that differ from their defaults."""
    cls = type(obj)
    args = []
    for param in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        try:
            value = getattr(obj, param.name)
        except AttributeError:  # a property never set (optional B-UML fields)
            continue
        if _is_literal(value) and (param.default is param.empty or not _equal(value, param.default)):
            args.append(f"{param.name}={value!r}")
    return f"{cls.__name__}({', '.join(args)})"


def _is_literal(value) -> bool:
    """Plain values are written as arguments; B-UML objects (configuration, data) by their own calls."""
    try:
        ast.literal_eval(repr(value))
        return True
    except (ValueError, SyntaxError):
        return False


def _equal(value, default) -> bool:
    return type(value) is type(default) and value == default or value is None and default is None


def _behaviour(behaviour: str) -> list[str]:
    owner, _, method = behaviour.rpartition(".")
    if not owner.isidentifier() or not method.isidentifier():
        raise ValueError(f"--behaviour takes Class.method, got {behaviour!r}")
    return ["from besser.BUML.metamodel.structural import Class, Method", "",
            f"# the network implements {owner}.{method}: calling the method runs nn_model",
            f"{method}_method = Method(name={method!r}, neural_network=nn_model)",
            f"system_class = Class(name={owner!r}, methods={{{method}_method}})"]
