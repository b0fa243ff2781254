"""The one serialisation boundary: pivot model <-> JSON-ready dicts.

Canonical attribute values use tuples for sequences, so lists read back become tuples.
"""
from __future__ import annotations

import json
from typing import Any

from ..errors import Diagnostic, NnportError, SourceLoc
from ..reading import json_loc, load_json
from .graph import ClassProgram, Graph, Module, Network, Node, PivotModel, SourceInfo
from .sizes import Parameter, Size
from .training import Component, Dataset, Training
from .types import TensorType

FORMAT_VERSION = 1
SIZE_KEY = "size"
PARAMETER_KEY = "parameter"


def to_dict(model: PivotModel) -> dict:
    return {
        "nnport": FORMAT_VERSION,
        "source": vars(model.source),
        "main": model.main,
        "networks": [_network(n) for n in model.networks.values()],
        "training": _training(model.training) if model.training else None,
        "datasets": [_plain(d) for d in model.datasets],
    }


def from_dict(data: dict) -> PivotModel:
    if data.get("nnport") != FORMAT_VERSION:
        raise ValueError(f"not an nnport pivot model (format {data.get('nnport')!r}, expected {FORMAT_VERSION})")
    networks = {n["name"]: _read_network(n) for n in data["networks"]}
    training = data.get("training")
    return PivotModel(
        networks=networks,
        main=data["main"],
        training=_read_training(training) if training else None,
        datasets=[_read_dataset(d) for d in data.get("datasets", [])],
        source=SourceInfo(**data.get("source", {})),
    )


def dumps(model: PivotModel) -> str:
    return json.dumps(to_dict(model), indent=2, sort_keys=False, default=_size) + "\n"


def _size(value: Any) -> dict:
    """A size known only at run time, written by name: ``{"size": "vocab_size + 1"}``; a class's
    parameter with its class: ``{"parameter": "planes * 4", "of": "BasicBlock"}``."""
    if isinstance(value, Parameter):
        return {PARAMETER_KEY: value.text, "of": value.owner}
    if isinstance(value, Size):
        return {SIZE_KEY: value.text}
    raise TypeError(f"{type(value).__name__} is not part of a pivot model")


def loads(text: str, path: str = "<json>") -> PivotModel:
    """A pivot model from its JSON; NnportError at the line:col of what is not one."""
    from .validate import validate

    data = load_json(text, path, "an nnport pivot model")
    try:
        _check("model", data, ())
    except _Wrong as wrong:
        raise NnportError(f"not an nnport pivot model: {wrong.message}", json_loc(text, path, wrong.steps)) from None
    try:
        model = from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise NnportError(f"not an nnport pivot model: {type(exc).__name__}: {exc}", SourceLoc(path, 1, 1)) from None
    if any(d.severity == "error" for d in validate(model)):  # again, with the places in this file
        located = from_dict(_located(data, text, path))
        where = json_loc(text, path, ("main",))
        raise NnportError("invalid pivot model", diagnostics=[
            Diagnostic(d.loc or where, d.message) for d in validate(located) if d.severity == "error"])
    return model


# --- writing ----------------------------------------------------------------------------

def _loc(loc: SourceLoc | None) -> list | None:
    return [loc.file, loc.line, loc.col] if loc else None


def _plain(obj) -> dict:
    fields = dict(vars(obj))
    if "loc" in fields:
        fields["loc"] = _loc(fields["loc"])
    if not fields.get("exprs", True):
        del fields["exprs"]
    return fields


def _program(program: ClassProgram) -> dict:
    """The source class of a network; only numeric arguments can be its free parameters."""
    numbers = {k: v for k, v in program.args.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return {"cls": program.cls, "params": [list(p) for p in program.params], "args": numbers,
            "decided": sorted(program.decided)}


def _network(net: Network) -> dict:
    return {
        "name": net.name,
        "style": net.style,
        "loc": _loc(net.loc),
        "modules": [_plain(m) for m in net.modules.values()],
        "nodes": [_plain(n) for n in net.graph.nodes],
        "types": {v: {"shape": list(t.shape), "roles": list(t.roles), "dtype": t.dtype}
                  for v, t in net.graph.types.items()},
        **({"variables": net.graph.variables} if net.graph.variables else {}),
        **({"program": _program(net.program)} if net.program else {}),
    }


def _training(t: Training) -> dict:
    fields = _plain(t)
    for key in ("optimizer", "loss", "schedule"):
        fields[key] = _plain(fields[key]) if fields[key] else None
    fields["callbacks"] = [_plain(c) for c in t.callbacks]
    return fields


# --- reading ----------------------------------------------------------------------------

def _restore(value: Any) -> Any:
    """JSON lists back to canonical tuples; dicts keep their keys; locations to SourceLoc."""
    if isinstance(value, dict) and list(value) == [SIZE_KEY] and isinstance(value[SIZE_KEY], str):
        return Size.parse(value[SIZE_KEY])
    if isinstance(value, dict) and set(value) == {PARAMETER_KEY, "of"}:
        return Parameter.parse(value[PARAMETER_KEY], value["of"])
    if isinstance(value, dict):
        return {k: (_read_loc(v) if k == "loc" else _restore(v)) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(_restore(v) for v in value)
    return value


def _read_loc(value) -> SourceLoc | None:
    return SourceLoc(*value) if value else None


def _read_network(data: dict) -> Network:
    modules = [Module(**_restore(m)) for m in data["modules"]]
    nodes = []
    for raw in data["nodes"]:
        fields = _restore(raw)
        fields["inputs"], fields["outputs"] = list(fields["inputs"]), list(fields["outputs"])
        nodes.append(Node(**fields))
    types = {v: TensorType(_restore(t["shape"]), tuple(t["roles"]), t["dtype"]) for v, t in data["types"].items()}
    graph = Graph(nodes, types, {v: tuple(names) for v, names in data.get("variables", {}).items()})
    program = data.get("program")
    return Network(name=data["name"], modules={m.name: m for m in modules}, graph=graph,
                   style=data["style"], loc=_read_loc(data.get("loc")),
                   program=ClassProgram(program["cls"], [tuple(p) for p in program["params"]],
                                        dict(_restore(program.get("args", {}))), set(program.get("decided", ())))
                   if program else None)


def _read_training(data: dict) -> Training:
    fields = _restore(data)
    for key in ("optimizer", "loss", "schedule"):
        fields[key] = Component(**fields[key]) if fields[key] else None
    fields["callbacks"] = [Component(**c) for c in fields["callbacks"]]
    fields["metrics"] = list(fields["metrics"])
    fields["untranslated"] = list(fields.get("untranslated", ()))
    fields["batch_steps"] = list(fields.get("batch_steps", ()))
    return Training(**fields)


def _read_dataset(data: dict) -> Dataset:
    fields = _restore(data)
    fields["transforms"] = list(fields["transforms"])
    return Dataset(**fields)


# --- checking a JSON file -----------------------------------------------------------------

_RECORDS = {  # field -> type; "!" marks a required field, "?" a value that may be null
    "model": {"nnport!": "version", "source": "source", "main!": "str", "networks!": "[network]",
              "training": "training?", "datasets": "[dataset]"},
    "source": {name: "str" for name in ("file", "framework", "style", "layout", "model_expr")},
    "network": {"name!": "str", "style!": "str", "loc": "loc", "modules!": "[module]", "nodes!": "[node]",
                "types!": "{type}", "variables": "{[str]}", "program": "program"},
    "program": {"cls!": "str", "params!": "list", "args": "dict", "decided": "[str]"},
    "module": {"name!": "str", "kind!": "str", "attrs": "dict", "loc": "loc", "exprs": "dict"},
    "node": {"op!": "str", "target": "str", "inputs!": "[str]", "outputs!": "[str]", "attrs": "dict", "loc": "loc"},
    "type": {"shape!": "[size]", "roles!": "[str]", "dtype!": "str"},
    "training": {"optimizer!": "component?", "loss!": "component?", "metrics!": "list", "epochs": "int?",
                 "batch_size": "int?", "schedule!": "component?", "callbacks!": "[component]",
                 "validation_split": "number?", "loc": "loc", "untranslated": "list",
                 "batch_steps": "[dict]"},
    "component": {"kind!": "str", "attrs": "dict", "loc": "loc"},
    "dataset": {"name!": "str", "loader!": "str", "split": "str", "attrs": "dict", "transforms!": "[dict]",
                "loc": "loc"},
}
_JSON_NAMES = {dict: "an object", list: "an array", str: "a string", int: "an integer", float: "a number",
               bool: "true/false", type(None): "null"}
_SIMPLE = {"str": (str,), "int": (int,), "number": (int, float), "dict": (dict,), "list": (list,)}


class _Wrong(Exception):
    def __init__(self, steps: tuple, message: str):
        super().__init__(message)
        self.steps, self.message = steps, message


def _check(kind: str, value: Any, steps: tuple) -> None:
    """``value`` has the JSON types ``kind`` names; else _Wrong with the path to the culprit."""
    if kind.endswith("?"):
        if value is not None:
            _check(kind[:-1], value, steps)
        return
    if kind.startswith(("[", "{")):
        container = list if kind[0] == "[" else dict
        _is(value, (container,), steps)
        for key, item in (enumerate(value) if container is list else value.items()):
            _check(kind[1:-1], item, steps + (key,))
        return
    if kind == "version":
        if value != FORMAT_VERSION or isinstance(value, bool):
            raise _Wrong(steps, f"format {value!r}, expected {FORMAT_VERSION}")
    elif kind == "loc":
        _is(value, (list, type(None)), steps, "a location")
        for i, (item, types) in enumerate(zip(value or [], ((str,), (int,), (int,)))):
            _is(item, types, steps + (i,))
        if value and len(value) > 3:
            raise _Wrong(steps, "a location is [file, line, column]")
    elif kind == "size":
        if isinstance(value, dict) and list(value) == [SIZE_KEY]:  # a size known only at run time, by name
            _is(value[SIZE_KEY], (str,), steps + (SIZE_KEY,), "a size's name")
        elif value is not None:
            _is(value, (int,), steps, "an axis size")
    elif kind in _SIMPLE:
        _is(value, _SIMPLE[kind], steps)
    else:
        _record(kind, value, steps)


def _record(kind: str, value: Any, steps: tuple) -> None:
    _is(value, (dict,), steps, f"a {kind}")
    fields = {name.rstrip("!"): (field_kind, name.endswith("!")) for name, field_kind in _RECORDS[kind].items()}
    for key in value:
        if key not in fields:
            raise _Wrong(steps + (key,), f"unknown field {key!r} in a {kind}; expected {', '.join(fields)}")
    for name, (field_kind, required) in fields.items():
        if name in value:
            _check(field_kind, value[name], steps + (name,))
        elif required:
            raise _Wrong(steps, f"a {kind} needs the field {name!r}")
    roles = value.get("roles") if kind == "type" else None
    if roles is not None and (len(value["shape"]) != len(roles) or len(set(roles)) != len(roles)):
        raise _Wrong(steps, "a type needs one unique role per axis of its shape")


def _is(value: Any, types: tuple, steps: tuple, what: str = "") -> None:
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        expected = " or ".join(_JSON_NAMES[t] for t in types)
        label = "/".join(map(str, steps)) or "the file"
        raise _Wrong(steps, f"{label}{f' ({what})' if what else ''} must be {expected}, "
                            f"not {_JSON_NAMES.get(type(value), type(value).__name__)}")


def _located(data: dict, text: str, path: str) -> dict:
    """A copy of ``data`` whose networks, modules and nodes are located in the JSON ``text``."""
    def at(*steps):
        loc = json_loc(text, path, steps)
        return [loc.file, loc.line, loc.col]

    located = json.loads(json.dumps(data))
    for i, net in enumerate(located["networks"]):
        net["loc"] = at("networks", i)
        for part in ("modules", "nodes"):
            for j, item in enumerate(net[part]):
                item["loc"] = at("networks", i, part, j)
    return located
