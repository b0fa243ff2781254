"""Which layer decides the roles of a network input's axes (both frontends).

Elementwise ops (activations, dropout, arithmetic, math: the result has the input's shape) read
any layout; the first layer after them that needs its channel axis in one place fixes the roles.
"""
from __future__ import annotations

from ..catalog import registry
from ..catalog.families.merge import broadcast
from ..catalog.helpers import same
from ..ir.graph import Network


def catalog_kind(name: str | None):
    try:
        return registry.kind(name) if name else None
    except KeyError:  # a gap already reported ("unsupported")
        return None


def channel_layout(kind_name: str | None, framework: str) -> str | None:
    """Where a framework's spelling of a kind needs the channel axis: "first", "last" or None."""
    found = catalog_kind(kind_name)
    spelling = found.spelling(framework) if found else None
    return spelling.layout if spelling else None


def leaves_roles_open(kind_name: str | None, framework: str) -> bool:
    found = catalog_kind(kind_name)
    return bool(found) and found.shape in (same, broadcast) and channel_layout(kind_name, framework) is None


def users(net: Network, value: str):
    """The layers and ops reading ``value`` (not the graph's output)."""
    return [n for n in net.graph.nodes if value in n.inputs and n.op in ("call_op", "call_module")]


def typing_readers(net: Network, value: str):
    """``users``, those that read only its sizes last: they say nothing of its roles or dtype."""
    def size_only(node) -> bool:
        return node.op == "call_op" and registry.kind(node.target).sizes_only

    return sorted(users(net, value), key=size_only)


def node_kind(net: Network, node) -> tuple[str, dict]:
    """The kind and attributes a layer or op node applies ("network" for a sub-network)."""
    if node.op == "call_op":
        return node.target, node.attrs
    module = net.modules[node.target]
    return module.kind, module.attrs


def past_elementwise(net: Network, node, framework: str):
    """``node`` or, when it is elementwise, the first layer or op after it that is not."""
    while leaves_roles_open(node_kind(net, node)[0], framework) and users(net, node.outputs[0]):
        node = users(net, node.outputs[0])[0]
    return node
