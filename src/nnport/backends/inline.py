"""Sub-networks written into the network that calls them.

A source's nested sequential container (a Keras ``Sequential`` held by an attribute or called in a
functional model) is written as a sequential container of the target when its layers form a chain
there. When they do not - a PyTorch recurrent layer returns a tuple, which ``nn.Sequential``
cannot pass on - a person would write those layers in the calling network's forward, not as a
class of their own: the sub-network's layers and graph are moved into the caller (merged stacks
inside it stay one layer). An empty one (``nn.Sequential()`` as an identity shortcut) vanishes. Only a sub-network that one module calls once is moved; a shared one
keeps its class.

The pairing contract stays: ``inline_networks`` returns, per written network, the IR module paths
(relative to that network) each of its modules stands for, so the weight converter still finds
every source layer (a merged stack's parts all point at the one module written).
"""
from __future__ import annotations

import copy
from collections import Counter

from ..errors import NnportError, Reporter
from ..ir.graph import Network, Node, PivotModel
from .naming import Namespace

Origins = dict[str, dict[str, list[str]]]  # network -> module name -> IR paths below that network


def inline_networks(model: PivotModel, target: str, merged: dict[str, dict[str, str]]) -> Origins:
    """Move every sub-network the target cannot hold in a sequential container into its caller
    (innermost first). ``merged``: per network, merged part -> the module kept (fold.py)."""
    origins: Origins = {net: _merged_origins(parts) for net, parts in merged.items()}
    for name in _innermost_first(model):
        found = _single_call(model, name)
        if found is not None and _needs_inlining(model, model.networks[name], target):
            parent, node = found
            _inline(model, parent, node, model.networks.pop(name), origins)
    return origins


def _merged_origins(parts: dict[str, str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for part, kept in parts.items():
        found.setdefault(kept, [kept]).append(part)
    return found


def _innermost_first(model: PivotModel) -> list[str]:
    order: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in order or name in trail:
            return
        for module in model.networks[name].modules.values():
            if module.kind == "network":
                visit(module.attrs["network"], trail + (name,))
        order.append(name)

    visit(model.main, ())
    return [name for name in order if name != model.main]


def _single_call(model: PivotModel, name: str) -> tuple[Network, Node] | None:
    """The one call of the one module holding network ``name``, or None when it is shared."""
    holders = [(net, m) for net in model.networks.values() for m in net.modules.values()
               if m.kind == "network" and m.attrs.get("network") == name]
    if len(holders) != 1:
        return None
    net, module = holders[0]
    calls = [n for n in net.module_calls() if n.target == module.name]
    return (net, calls[0]) if len(calls) == 1 else None


def _needs_inlining(model: PivotModel, sub: Network, target: str) -> bool:
    """A nested sequential network that is no chain once legalised for the target."""
    from ..passes.legalize import legalize
    from .network import chain_break

    if sub.style != "sequential":
        return False  # a class in the source stays a class
    if all(n.op in ("input", "output") for n in sub.graph.nodes):
        return True  # an empty container is the identity (an unused shortcut); Keras cannot build one
    probe = PivotModel(networks={sub.name: copy.deepcopy(sub)}, main=sub.name, source=model.source)
    try:
        legalize(probe, target, Reporter())
    except NnportError:
        return False  # the real pass reports it
    return chain_break(probe.network) is not None


def _inline(model: PivotModel, parent: Network, call: Node, sub: Network, origins: Origins) -> None:
    renamed = _move_modules(parent, sub, call.target, origins)
    values = _value_names(parent, call, sub)
    body = [n for n in sub.graph.nodes if n.op not in ("input", "output")]
    for node in body:
        node.inputs = [values[v] for v in node.inputs]
        node.outputs = [values[v] if v else v for v in node.outputs]
        if node.op == "call_module":
            node.target = renamed[node.target]
    for old, new in values.items():
        if old in sub.graph.types and new not in parent.graph.types:
            parent.graph.types[new] = sub.graph.types[old]
    _replace_results(parent, call, [values[v] for v in sub.graph.output.inputs])
    at = next(i for i, n in enumerate(parent.graph.nodes) if n is call)
    parent.graph.nodes[at:at + 1] = body
    origins.pop(sub.name, None)


def _move_modules(parent: Network, sub: Network, holder: str, origins: Origins) -> dict[str, str]:
    """The sub-network's modules join the parent: one module takes the holder's name (the
    attribute a person would have written), several are prefixed with it."""
    names = Namespace(tuple(m for m in parent.modules if m != holder))
    sub_origins, parent_origins = origins.get(sub.name, {}), origins.setdefault(parent.name, {})
    renamed, modules = {}, {}
    for name, module in parent.modules.items():
        for inner in (sub.modules.values() if name == holder else [module]):
            if name == holder:  # in the holder's place, so the attributes keep the source's order
                new = names.allocate(holder if len(sub.modules) == 1 else f"{holder}_{inner.name}")
                renamed[inner.name] = new
                parent_origins[new] = [f"{holder}.{p}" for p in sub_origins.get(inner.name, [inner.name])]
                inner.name = new
            modules[inner.name] = inner
    parent.modules = modules
    return renamed


def _value_names(parent: Network, call: Node, sub: Network) -> dict[str, str]:
    """Sub-network value -> parent value: its inputs are the call's arguments, a result the
    caller uses keeps the caller's name, everything else gets a fresh name."""
    values = dict(zip((n.outputs[0] for n in sub.graph.inputs), call.inputs))
    produced = {v for n in sub.graph.nodes if n.op != "input" for v in n.outputs if v}
    uses = Counter(sub.graph.output.inputs)
    for result, used in zip(sub.graph.output.inputs, call.outputs):
        if used and result in produced and uses[result] == 1 and result not in values:
            values[result] = used
    taken = {v for n in parent.graph.nodes for v in n.outputs + n.inputs if v} | set(values.values())
    for node in sub.graph.nodes:
        for v in node.outputs:
            if v and v not in values:
                values[v] = _fresh(v, taken)
    return values


def _fresh(value: str, taken: set[str]) -> str:
    name, n = value, 1
    while name in taken:
        name, n = f"{value}_{n}", n + 1
    taken.add(name)
    return name


def _replace_results(parent: Network, call: Node, results: list[str]) -> None:
    """A caller's value the sub-network's body does not produce under that name (a result that
    is one of its inputs, or returned twice) is read from where the body left it."""
    swap = {used: result for used, result in zip(call.outputs, results) if used and used != result}
    for node in parent.graph.nodes:
        node.inputs = [swap.get(v, v) for v in node.inputs]
