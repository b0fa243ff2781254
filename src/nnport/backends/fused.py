"""Keras fused activations: ``layer -> activation`` written back as the layer's ``activation=``."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..catalog import registry
from ..ir.graph import Network
from .emit import Emitter


@dataclass
class NetContext:
    """Per-run state of writing one network: which activations are fused into their layer."""

    net: Network
    fused: dict[str, str] = field(default_factory=dict)  # layer name -> Keras activation string
    fused_into: set[str] = field(default_factory=set)  # activation modules absorbed by a layer
    skipped: set[int] = field(default_factory=set)  # id() of activation nodes absorbed by a layer


def fuse_activations(em: Emitter, net: Network) -> NetContext:
    """Re-fuse ``layer -> activation`` into ``activation=`` when the layer's spelling has a fused
    argument, the intermediate value has one use, and the activation's string needs no argument."""
    ctx = NetContext(net)
    if em.dialect.target != "keras":
        return ctx
    producers, users = net.graph.producers(), net.graph.users()
    calls = net.call_counts()
    for node in net.graph.nodes:
        string = activation_string(*_kind_attrs(net, node))
        producer = producers.get(node.inputs[0]) if string and len(node.inputs) == 1 else None
        if producer is None or producer.op != "call_module" or len(users[node.inputs[0]]) != 1 \
                or producer.attrs.get("unpack"):
            continue
        layer = net.modules[producer.target]
        spelling = registry.kind(layer.kind).spelling("keras", "layer") if layer.kind != "network" else None
        if spelling is None or not spelling.fused_activation or calls[producer.target] != 1 \
                or layer.name in ctx.fused:
            continue
        ctx.fused[layer.name] = string
        ctx.skipped.add(id(node))
        if node.op == "call_module":
            ctx.fused_into.add(node.target)
    return ctx


def _kind_attrs(net, node):
    if node.op == "call_module":
        module = net.modules[node.target]
        return (None, None) if module.kind == "network" else (registry.kind(module.kind), module.attrs)
    if node.op == "call_op":
        return registry.kind(node.target), node.attrs
    return None, None


def activation_string(kind, attrs) -> str | None:
    if kind is None:
        return None
    spelling = kind.spelling("keras", "activation")
    # an activation string takes no arguments: only kinds without attributes fuse safely (the
    # string's defaults differ from the layer's, e.g. leaky_relu)
    return spelling.name if spelling is not None and not kind.attrs else None
