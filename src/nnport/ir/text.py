"""A readable text dump of the pivot model (also the ``.nn`` notation's written form).

Attribute values are Python literals, so the notation reads back with ``ast.literal_eval``.
"""
from __future__ import annotations

from .graph import Network, Node, PivotModel
from .training import Training


def dump(model: PivotModel) -> str:
    lines = [f"# nnport pivot model, from {model.source.framework or '?'} ({model.source.file or '-'})"]
    for net in model.networks.values():
        lines += _network(net, main=net.name == model.main)
    if model.training:
        lines += _training(model.training)
    for ds in model.datasets:
        lines.append(f"dataset {ds.name} = {ds.loader}({_attrs(ds.attrs)}) split={ds.split!r}"
                     + (f" transforms={ds.transforms!r}" if ds.transforms else ""))
    return "\n".join(lines) + "\n"


def _attrs(attrs: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in attrs.items())


def _network(net: Network, main: bool) -> list[str]:
    lines = ["", f"{'main ' if main else ''}network {net.name} style={net.style!r}"]
    for m in net.modules.values():
        lines.append(f"  module {m.name} = {m.kind}({_attrs(m.attrs)})")
    for node in net.graph.nodes:
        lines.append("  " + _node(node, net))
    return lines


def _node(node: Node, net: Network) -> str:
    args = ", ".join(f"%{v}" for v in node.inputs)
    outs = ", ".join(f"%{v}" if v else "_" for v in node.outputs)
    types = "  # " + "; ".join(str(net.graph.types[v]) for v in node.outputs if v in net.graph.types)
    body = {
        "input": lambda: f"{outs} = input",
        "call_module": lambda: f"{outs} = {node.target}({args})",
        "call_op": lambda: f"{outs} = op {node.target}({args}{', ' if args and node.attrs else ''}{_attrs(node.attrs)})",
        "constant": lambda: f"{outs} = constant {node.attrs.get('value')!r}",
        "output": lambda: f"output {args}",
    }[node.op]()
    return body + (types if types != "  # " else "")


def _training(t: Training) -> list[str]:
    lines = ["", "training"]
    for label, comp in (("optimizer", t.optimizer), ("loss", t.loss), ("schedule", t.schedule)):
        if comp:
            lines.append(f"  {label} {comp.kind}({_attrs(comp.attrs)})")
    for cb in t.callbacks:
        lines.append(f"  callback {cb.kind}({_attrs(cb.attrs)})")
    for key in ("metrics", "epochs", "batch_size", "validation_split"):
        value = getattr(t, key)
        if value not in (None, []):
            lines.append(f"  {key} {value!r}")
    return lines
