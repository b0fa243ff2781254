"""Specialisation: a general op the roles show to be a more specific kind becomes that kind.

Each framework spells some computations two ways: ``x.mean((2, 3))`` in PyTorch is Keras'
``GlobalAveragePooling2D()``; ``nn.AdaptiveAvgPool2d(1)`` then ``nn.Flatten()`` is the same.
Only the value's roles (known after shape inference) tell, so this runs at the end of shape
inference. Generic over kinds; the specific kind's catalog entry decides through hooks on any
of its spellings:

  ``specialise(kind, attrs, inputs) -> attrs | None``  a node of ``kind`` is this kind
  ``absorb_next(attrs, kind, attrs_next, value) -> attrs | None``  this kind followed by a node of
      ``kind`` (the only reader of ``value``, its result) is this kind with the returned attrs

Both PyTorch's and Keras' spellings then read as one pivot model, so a migration there and back
gives back what it read.
"""
from __future__ import annotations

from collections import Counter
from functools import cache

from ..catalog import registry
from ..ir.graph import Module, Network, Node, PivotModel


def specialise(model: PivotModel) -> bool:
    """Rewrite every network in place; returns whether anything changed."""
    changed = False
    for net in model.networks.values():
        calls = net.call_counts()
        for node in [n for n in net.graph.nodes if n.op in ("call_module", "call_op")]:
            changed |= _specialise_node(net, node, calls)
        changed |= _absorb_next(net)
    return changed


@cache
def _hooks(name: str) -> tuple:
    """(kind name, hook) of every kind declaring ``name`` on one of its spellings."""
    return tuple((kind.name, spelling.hooks[name]) for kind in registry.kinds()
                 for spelling in kind.spellings if name in spelling.hooks)


def _layer(net: Network, node: Node, calls: Counter) -> tuple[str, dict, Module | None] | None:
    """The node's kind, attributes and module; None for sub-networks and shared layers (a change
    of kind would reach the layer's other calls too)."""
    if node.op == "call_op":
        return node.target, node.attrs, None
    module = net.modules.get(node.target) if node.op == "call_module" else None
    if module is None:
        return None
    return None if module.kind == "network" or calls[node.target] != 1 else (module.kind, module.attrs, module)


def _set(node: Node, module: Module | None, kind: str, attrs: dict) -> None:
    if module is not None:
        module.kind, module.attrs = kind, attrs
    else:
        node.target, node.attrs = kind, attrs


def _specialise_node(net: Network, node: Node, calls: Counter) -> bool:
    layer = _layer(net, node, calls)
    inputs = [net.graph.types.get(v) for v in node.inputs]
    if layer is None or not inputs or None in inputs:
        return False
    kind, attrs, module = layer
    for name, hook in _hooks("specialise"):
        found = hook(kind, attrs, inputs)
        if found is not None:
            _set(node, module, name, dict(found))
            return True
    return False


class _Index:
    """Calls, readers and outputs of a network, rebuilt only after a node is absorbed."""

    def __init__(self, net: Network):
        self.calls, self.users = net.call_counts(), net.graph.users()
        self.outputs = set(net.graph.output.inputs)


def _absorb_next(net: Network) -> bool:
    changed = False
    for kind_name, hook in _hooks("absorb_next"):
        index, removed = _Index(net), set()
        for node in [n for n in net.graph.nodes if n.op in ("call_module", "call_op")]:
            absorbed = None if id(node) in removed else _absorb_one(net, node, kind_name, hook, index)
            if absorbed is not None:
                removed.add(id(absorbed))
                changed = True
                index = _Index(net)
    return changed


def _absorb_one(net: Network, node: Node, kind_name: str, hook, index: _Index) -> Node | None:
    """The node reading ``node``'s result, absorbed into it; None when there is none."""
    layer = _layer(net, node, index.calls)
    if layer is None or layer[0] != kind_name or len(node.outputs) != 1:
        return None
    value = node.outputs[0]
    readers = index.users.get(value, [])
    after = _layer(net, readers[0], index.calls) if len(readers) == 1 and len(readers[0].inputs) == 1 else None
    if after is None or value not in net.graph.types or value in index.outputs:
        return None
    found = hook(layer[1], after[0], after[1], net.graph.types[value])
    if found is None:
        return None
    _set(node, layer[2], kind_name, dict(found))
    _remove(net, readers[0], after[2], value)
    return readers[0]


def _remove(net: Network, node: Node, module: Module | None, value: str) -> None:
    """Drop an absorbed node: its result is now the value it read (renamed to keep the result's
    name, which the source code gave)."""
    result = node.outputs[0]
    net.graph.nodes.remove(node)
    if module is not None:
        del net.modules[module.name]
    net.graph.types.pop(value, None)  # the result keeps its own type: the absorbing layer's now
    for n in net.graph.nodes:
        n.outputs = [result if v == value else v for v in n.outputs]
