"""The text notation (``.nn``): a readable dump of the pivot model that reads back.

One statement per line; ``nnport.notation.parse`` is the reader. Attribute values are
Python literals; value names start with ``%``; a trailing ``: type`` gives the inferred
type of each result and ``@line:col`` the place in the source it came from::

    nnport 1 framework='torch' file='net.py' style='sequential' layout='channels_first'

    main network Net style='sequential'
      module fc = linear(in_features=4, out_features=2, bias=True) @3:4
      %x = input : float32[N=?, C=4]
      %fc = fc(%x) : float32[N=?, C=2]
      output %fc
"""
from __future__ import annotations

import re

from ..errors import SourceLoc
from .graph import Module, Network, Node, PivotModel
from .training import Component, Training
from .types import TensorType

FORMAT_VERSION = 1
# words that start a statement or a node body: names spelt like them are quoted
KEYWORDS = {"nnport", "main", "network", "module", "output", "input", "op", "constant", "training",
            "dataset", "type", "optimizer", "loss", "schedule", "callback", "True", "False", "None"}
TRAINING_FIELDS = ("metrics", "epochs", "batch_size", "validation_split", "untranslated", "batch_steps")
_PLAIN = re.compile(r"^(?:[A-Za-z_]\w*|\d+)$")
_VALUE = re.compile(r"^[\w.]+$")


def dump(model: PivotModel) -> str:
    """The notation of ``model``; locations are written unless the model was read from notation."""
    where = _Locations(model)
    lines = [_header(model)]
    for net in model.networks.values():
        lines += _network(net, net.name == model.main, where)
    if model.training:
        lines += _training(model.training, where)
    if model.datasets:
        lines.append("")
    for ds in model.datasets:
        extra = f" transforms={list(ds.transforms)!r}" if ds.transforms else ""
        lines.append(f"dataset {name(ds.name)} = {ds.loader}({attrs(ds.attrs)}) split={ds.split!r}{extra}"
                     + where(ds.loc))
    return "\n".join(lines) + "\n"


def name(text: str) -> str:
    """A module / network name as written: bare when it cannot be mistaken, else quoted."""
    return text if _PLAIN.match(text) and text not in KEYWORDS else repr(text)


def value(text: str) -> str:
    return f"%{text}" if _VALUE.match(text) else f"%{text!r}"


def attrs(values: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in values.items())


def type_text(t: TensorType) -> str:
    return str(t)


class _Locations:
    """Writes ``@line:col`` (``@'file':line:col`` for another file); nothing for notation sources."""

    def __init__(self, model: PivotModel):
        self.file = model.source.file
        self.enabled = model.source.framework != "nn"

    def __call__(self, loc: SourceLoc | None) -> str:
        if loc is None or not self.enabled:
            return ""
        place = f"{loc.line}:{loc.col}" if loc.file == self.file else f"{loc.file!r}:{loc.line}:{loc.col}"
        return f" @{place}"


def _header(model: PivotModel) -> str:
    return f"nnport {FORMAT_VERSION} " + " ".join(f"{k}={v!r}" for k, v in vars(model.source).items())


def _network(net: Network, main: bool, where: _Locations) -> list[str]:
    lines = ["", f"{'main ' if main else ''}network {name(net.name)} style={net.style!r}{where(net.loc)}"]
    lines += [f"  {_module(m)}{where(m.loc)}" for m in net.modules.values()]
    lines += [f"  {_node(node, net)}{where(node.loc)}" for node in net.graph.nodes]
    produced = {v for node in net.graph.nodes for v in node.outputs}
    lines += [f"  type {value(v)} : {type_text(t)}" for v, t in net.graph.types.items() if v not in produced]
    return lines


def _module(m: Module) -> str:
    return f"module {name(m.name)} = {m.kind}({attrs(m.attrs)})"


def _node(node: Node, net: Network) -> str:
    extra = dict(node.attrs)
    if node.target and node.op in ("input", "output", "constant"):
        extra = {"target": node.target, **extra}
    args = ", ".join([value(v) for v in node.inputs] + ([attrs(extra)] if extra else []))
    if node.op == "output":
        return f"output({args})" if extra else f"output {args}"
    outs = ", ".join(value(v) if v else "_" for v in node.outputs)
    body = {
        "input": f"input({args})" if args else "input",
        "call_module": f"{name(node.target)}({args})",
        "call_op": f"op {node.target}({args})",
        "constant": f"constant({args})",
    }.get(node.op, f"{node.op}({args})")
    return f"{outs} = {body}{_types(node, net)}"


def _types(node: Node, net: Network) -> str:
    """Types aligned with the results, ``_`` where a result has none; trailing ``_`` left out."""
    found = [net.graph.types.get(v) if v else None for v in node.outputs]
    while found and found[-1] is None:
        found.pop()
    return " : " + ", ".join(type_text(t) if t else "_" for t in found) if found else ""


def _training(t: Training, where: _Locations) -> list[str]:
    lines = ["", f"training{where(t.loc)}"]
    for label, comp in (("optimizer", t.optimizer), ("loss", t.loss), ("schedule", t.schedule)):
        if comp:
            lines.append(f"  {label} {_component(comp)}{where(comp.loc)}")
    lines += [f"  callback {_component(cb)}{where(cb.loc)}" for cb in t.callbacks]
    for key in TRAINING_FIELDS:
        content = getattr(t, key)
        if content not in (None, []):
            lines.append(f"  {key} {content!r}")
    return lines


def _component(comp: Component) -> str:
    return f"{comp.kind}({attrs(comp.attrs)})"
