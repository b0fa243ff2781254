"""Names of the values a generated forward / call computes: the source's own variable names where
they are free, readable names for what the source never named, and the assignment targets."""
from __future__ import annotations

import re

from ..ir.graph import Network, Node
from .fused import NetContext
from .naming import identifier


def name_results(code, node, names, live, scope, preferred, origin) -> None:
    """Each result takes its source variable's name ('x_2' -> 'x') when no live value holds it.
    ``live``: the values still to be read (and, in a functional model, its inputs).
    A layout conversion is named after what it holds (``features_nchw``); what is computed from
    it goes back to the unconverted name (``origin``)."""
    held = {names[value]: value for value in live}
    outs = [v for v in node.outputs if v]
    if node.attrs.get("layout"):
        names[outs[0]] = scope.allocate(f"{names[node.inputs[0]]}_{node.attrs['layout']}")
        origin[outs[0]] = origin.get(node.inputs[0], names[node.inputs[0]])
        return
    free = [origin.get(v, names[v]) for v in node.inputs
            if names[v] not in held and origin.get(v, names[v]) not in held
            and origin.get(v, names[v]) not in code.params]
    for v in outs:
        wanted = preferred.get(v) or _base_name(v)
        if v not in preferred and len(outs) == 1 and free and _anonymous(node, v):
            names[v] = free[0]  # a final result the source never named: keep the input's name
        elif wanted in names.values() and wanted not in held and wanted not in code.params:
            names[v] = wanted
        else:
            names[v] = scope.allocate(wanted)
        held[names[v]] = v


def preferred_names(ctx: NetContext) -> dict[str, str]:
    """Values the source never named (the frontend called them after their layer, as in
    ``relu(bn1(conv1(x)))``) take the name of the source variable they flow into."""
    net, preferred = ctx.net, {}
    users = net.graph.users()
    for node in reversed(net.graph.nodes):
        for v in (v for v in node.outputs if v):
            nxt = users.get(v, [])
            if len(nxt) == 1 and nxt[0].op in ("call_module", "call_op") and len(nxt[0].outputs) == 1 and \
                    not nxt[0].attrs.get("layout") and (_anonymous(node, v) or id(nxt[0]) in ctx.skipped):
                following = nxt[0].outputs[0]
                name = preferred.get(following) or (None if _anonymous(nxt[0], following) else _base_name(following))
                if name:
                    preferred[v] = name
    return preferred


def _anonymous(node: Node, value: str) -> bool:
    base = _base_name(value)
    return base == identifier(node.target) or base.startswith(f"{identifier(node.target)}_") or base.endswith("_out")


def _base_name(value: str) -> str:
    return identifier(re.sub(r"_\d+$", "", value))


def assignment_target(node: Node, names: dict, remaining: dict) -> str:
    """Assignment target; ``unpack`` (set by legalize) gives the nesting of a layer's results,
    e.g. ``(0, (1, 2))`` for ``output, (h_n, c_n) = self.lstm(x)``."""
    def text(item):
        if isinstance(item, tuple):
            return "(" + ", ".join(text(i) for i in item) + ")"
        value = node.outputs[item]
        return names[value] if value and remaining.get(value, 0) > 0 else "_"
    pattern = node.attrs.get("unpack")
    if pattern is not None:
        return ", ".join(text(i) for i in pattern)
    if len(node.outputs) > 1:
        return ", ".join(names[v] if v else "_" for v in node.outputs)
    return names[node.outputs[0]]


def use_counts(net: Network) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in net.graph.nodes:
        for v in node.inputs:
            counts[v] = counts.get(v, 0) + 1
    return counts
