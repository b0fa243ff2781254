"""Invariant checks of the pivot model, with messages that say what is wrong and where."""
from __future__ import annotations

from ..catalog import registry
from ..errors import Diagnostic
from .graph import NODE_KINDS, STYLES, PivotModel


def validate(model: PivotModel) -> list[Diagnostic]:
    problems: list[Diagnostic] = []

    def fail(message, loc=None):
        problems.append(Diagnostic(loc, message))

    if model.main not in model.networks:
        fail(f"main network {model.main!r} is not among {sorted(model.networks)}")
    for net in model.networks.values():
        where = f"network {net.name!r}"
        if net.style not in STYLES:
            fail(f"{where}: style {net.style!r} is not one of {STYLES}", net.loc)
        defined: set[str] = set()
        outputs = [n for n in net.graph.nodes if n.op == "output"]
        if len(outputs) != 1:
            fail(f"{where}: needs exactly one output node, has {len(outputs)}", net.loc)
        for node in net.graph.nodes:
            if node.op not in NODE_KINDS:
                fail(f"{where}: unknown node kind {node.op!r}", node.loc)
            for v in node.inputs:
                if v not in defined:
                    fail(f"{where}: value %{v} used before it is defined", node.loc)
            for v in node.outputs:
                if v and v in defined:
                    fail(f"{where}: value %{v} defined twice (SSA)", node.loc)
                defined.add(v)
            if node.op == "call_module" and node.target not in net.modules:
                fail(f"{where}: call to unknown module {node.target!r}", node.loc)
            if node.op == "call_op":
                _check_kind(node.target, fail, node.loc, where)
        for module in net.modules.values():
            if module.kind == "network":
                if module.attrs.get("network") not in model.networks:
                    fail(f"{where}: module {module.name!r} names unknown network {module.attrs.get('network')!r}",
                         module.loc)
            else:
                _check_kind(module.kind, fail, module.loc, where)
    return problems


def _check_kind(name, fail, loc, where):
    try:
        registry.kind(name)
    except KeyError:
        fail(f"{where}: {name!r} is not a catalog kind", loc)
