"""The one serialisation boundary: pivot model <-> JSON-ready dicts.

Canonical attribute values use tuples for sequences, so lists read back become tuples.
"""
from __future__ import annotations

import json
from typing import Any

from ..errors import SourceLoc
from .graph import Graph, Module, Network, Node, PivotModel, SourceInfo
from .training import Component, Dataset, Training
from .types import TensorType

FORMAT_VERSION = 1


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
    return json.dumps(to_dict(model), indent=2, sort_keys=False) + "\n"


def loads(text: str) -> PivotModel:
    return from_dict(json.loads(text))


# --- writing ----------------------------------------------------------------------------

def _loc(loc: SourceLoc | None) -> list | None:
    return [loc.file, loc.line, loc.col] if loc else None


def _plain(obj) -> dict:
    fields = dict(vars(obj))
    if "loc" in fields:
        fields["loc"] = _loc(fields["loc"])
    return fields


def _network(net: Network) -> dict:
    return {
        "name": net.name,
        "style": net.style,
        "loc": _loc(net.loc),
        "modules": [_plain(m) for m in net.modules.values()],
        "nodes": [_plain(n) for n in net.graph.nodes],
        "types": {v: {"shape": list(t.shape), "roles": list(t.roles), "dtype": t.dtype}
                  for v, t in net.graph.types.items()},
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
    types = {v: TensorType(tuple(t["shape"]), tuple(t["roles"]), t["dtype"]) for v, t in data["types"].items()}
    return Network(name=data["name"], modules={m.name: m for m in modules}, graph=Graph(nodes, types),
                   style=data["style"], loc=_read_loc(data.get("loc")))


def _read_training(data: dict) -> Training:
    fields = _restore(data)
    for key in ("optimizer", "loss", "schedule"):
        fields[key] = Component(**fields[key]) if fields[key] else None
    fields["callbacks"] = [Component(**c) for c in fields["callbacks"]]
    fields["metrics"] = list(fields["metrics"])
    return Training(**fields)


def _read_dataset(data: dict) -> Dataset:
    fields = _restore(data)
    fields["transforms"] = list(fields["transforms"])
    return Dataset(**fields)
