"""Folds for one target framework: several source layers written as the one layer a person
would write there (the generated network then runs as fast as a native one).

Generic over kinds; the catalog entry of the target spelling decides through named hooks:

  ``merge_stack(parts, between) -> attrs | None``  consecutive layers, each fed only the previous
      one's ``sequence`` output (a layer such as Dropout may stand between), as one multi-layer
      module (Keras's stacked LSTMs -> one ``nn.LSTM(num_layers=n)``);
  ``absorb_pad(attrs, pad_kind, pad_attrs) -> attrs | None``  a pad layer feeding only this layer
      taken into its own padding, kept only where the target can spell the result (a symmetric
      ``nn.ZeroPad2d`` before ``nn.Conv2d`` -> ``padding=``);
  ``in_place(attrs) -> [(argument, text)]``  the layer may overwrite its input: chosen where
      the input is a fresh result of a layer with weights (a conv, a linear, a norm) that nothing
      else reads, so no caller's tensor and nothing autograd keeps is changed.

Stacks merge before legalisation (which rewrites recurrent calls), pads fold after it (which may
insert pads). A merged layer's parts keep their IR paths: each maps to the one module written
(see ``merged``), and the weight converter joins their weights in order.
"""
from __future__ import annotations

from collections import Counter

from ..catalog import registry
from ..catalog.schema import REQUIRED, Inexpressible
from ..ir.graph import Network, Node, PivotModel
from .spell import framework_values

STATE_FREE = {"sequence", "last"}  # merged outputs that mean the same as the top part's


def merge_stacks(model: PivotModel, target: str) -> dict[str, dict[str, str]]:
    """Merge stacks in every network; returns, per network, part module -> module written."""
    return {name: _merge_in(net, target) for name, net in model.networks.items()}


def absorb_pads(model: PivotModel, target: str) -> bool:
    changed = False
    for net in model.networks.values():
        index = _Index(net)
        for node in [n for n in net.module_calls() if _spelling_hook(net, n, target, "absorb_pad")[1]]:
            if _absorb(net, node, target, index):  # removes pads only: the layers listed stay
                changed = True
                index = _Index(net)  # rebuilt only after a change: pads are few, layers many
    return changed


class _Index:
    """Who calls, produces and reads what in a network, built once per pass."""

    def __init__(self, net: Network):
        self.calls = net.call_counts()
        self.producers, self.users = net.graph.producers(), net.graph.users()


def _spelling_hook(net: Network, node: Node, target: str, hook: str):
    name = net.modules[node.target].kind if node.op == "call_module" else node.target
    if name == "network":
        return None, None
    kind = registry.kind(name)
    spelling = kind.spelling(target, "layer") or kind.spelling(target)
    return (spelling, spelling.hooks.get(hook)) if spelling is not None else (None, None)


# --- stacks ---------------------------------------------------------------------------------

def _merge_in(net: Network, target: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    calls = net.call_counts()
    for node in list(net.module_calls()):
        if node.target not in net.modules:
            continue  # merged into an earlier layer
        _, hook = _spelling_hook(net, node, target, "merge_stack")
        if hook is None or calls[node.target] != 1 or not _sized(net, node):
            continue
        chain, between = _chain(net, node, hook, calls)
        while len(chain) > 1 and not _used(net, chain[-1]) <= STATE_FREE:
            chain.pop()  # the top's states would be every layer's in one module
            between.pop()
        if len(chain) > 1:
            merged.update(_merge(net, chain, between, hook))
    return merged


def _chain(net: Network, start: Node, hook, calls: Counter) -> tuple[list[Node], list[Node | None]]:
    chain, between = [start], []
    while (step := _next_part(net, chain[-1], calls)) is not None:
        nxt, via = step
        if not _sized(net, nxt):
            break
        parts = [net.modules[n.target].attrs for n in chain + [nxt]]
        if hook(parts, [_layer(net, v) for v in between + [via]]) is None:
            break
        chain.append(nxt)
        between.append(via)
    return chain, between


def _sized(net: Network, node: Node) -> bool:
    """Whether shape inference gave the layer its sizes (not so where no input type reached it,
    with --allow-partial): a stack is merged from complete layers only."""
    module = net.modules[node.target]
    return all(module.attrs.get(a.name) is not None for a in registry.kind(module.kind).attrs
               if a.inferred and a.default is REQUIRED)


def _next_part(net: Network, node: Node, calls: Counter):
    """The layer of the same kind fed only by ``node``'s sequence, and the layer between if any."""
    if _used(net, node) != {"sequence"}:
        return None
    users = net.graph.users()
    value, via = node.outputs[0], None
    following = users.get(value, [])
    if len(following) == 1 and _single_layer(net, following[0], calls) and \
            net.modules[following[0].target].kind != net.modules[node.target].kind:
        via = following[0]
        following = users.get(via.outputs[0], [])
    if len(following) != 1 or not _single_layer(net, following[0], calls):
        return None
    nxt = following[0]
    same = net.modules[nxt.target].kind == net.modules[node.target].kind
    return (nxt, via) if same and nxt.inputs == [via.outputs[0] if via else value] else None


def _single_layer(net: Network, node: Node, calls: Counter) -> bool:
    return (node.op == "call_module" and calls[node.target] == 1 and len(node.inputs) == 1
            and net.modules[node.target].kind != "network")


def _used(net: Network, node: Node) -> set[str]:
    kind = registry.kind(net.modules[node.target].kind)
    return {name for name, value in zip(kind.outputs, node.outputs) if value}


def _layer(net: Network, node: Node | None):
    return None if node is None else (net.modules[node.target].kind, net.modules[node.target].attrs)


def _merge(net: Network, chain: list[Node], between: list, hook) -> dict[str, str]:
    first = chain[0]
    attrs = hook([net.modules[n.target].attrs for n in chain], [_layer(net, v) for v in between])
    net.modules[first.target].attrs = attrs
    first.outputs = list(chain[-1].outputs)
    gone = chain[1:] + [v for v in between if v is not None]
    net.graph.nodes = [n for n in net.graph.nodes if all(n is not g for g in gone)]
    for node in gone:
        del net.modules[node.target]
    return {node.target: first.target for node in chain[1:]}


# --- picks from a stack ---------------------------------------------------------------------

def pick_stacked(model: PivotModel) -> bool:
    """``stack([a, b])[1]`` is ``b``: an index on the new axis of a stack reads the operand itself
    (Keras returns a recurrent layer's states one by one; the pivot model stacks them in PyTorch's
    (layers * directions, N, H) form and indexes them again). The pick takes over the operand's
    name where nothing else reads it; a stack left unread goes."""
    changed = False
    for net in model.networks.values():
        producers = net.graph.producers()
        for node in list(net.graph.nodes):
            stack = producers.get(node.inputs[0]) if node.op == "call_op" and node.inputs else None
            picked = _picked(node, stack)
            if picked is not None:
                _alias(net, node, stack.inputs[picked])
                producers = net.graph.producers()
                changed = True
        read = set(net.graph.users()) | set(net.graph.output.inputs)
        net.graph.nodes = [n for n in net.graph.nodes
                           if not (n.op == "call_op" and n.target == "stack" and n.outputs[0] not in read)]
    return changed


def _picked(node: Node, stack: Node | None) -> int | None:
    if node.target != "getitem" or stack is None or stack.op != "call_op" or stack.target != "stack" \
            or stack.attrs.get("axis", 0) != 0:
        return None
    index = node.attrs.get("index")
    index = index[0] if isinstance(index, tuple) and len(index) == 1 else index
    if not isinstance(index, int) or isinstance(index, bool) or not -len(stack.inputs) <= index < len(stack.inputs):
        return None
    return index % len(stack.inputs)


def _alias(net: Network, pick: Node, operand: str) -> None:
    """Readers of the pick read ``operand``; an operand only the stack reads takes the pick's name."""
    result = pick.outputs[0]
    net.graph.nodes = [n for n in net.graph.nodes if n is not pick]
    readers = [n for n in net.graph.nodes if operand in n.inputs]
    if len(readers) == 1 and operand not in net.graph.output.inputs and operand not in \
            {v for n in net.graph.inputs for v in n.outputs}:
        producer = net.graph.producers()[operand]
        producer.outputs = [result if v == operand else v for v in producer.outputs]
        readers[0].inputs = [result if v == operand else v for v in readers[0].inputs]
        net.graph.types[result] = net.graph.types.pop(operand, net.graph.types.get(result))
        return
    for n in net.graph.nodes:
        n.inputs = [operand if v == result else v for v in n.inputs]


# --- pads -----------------------------------------------------------------------------------

def _absorb(net: Network, node: Node, target: str, index: _Index) -> bool:
    spelling, hook = _spelling_hook(net, node, target, "absorb_pad")
    calls = index.calls
    producer = index.producers.get(node.inputs[0]) if hook and node.inputs else None
    if producer is None or calls[node.target] != 1 or not _single_layer(net, producer, calls) \
            or len(producer.outputs) != 1 or len(index.users.get(producer.outputs[0], [])) != 1:
        return False
    module, pad = net.modules[node.target], net.modules[producer.target]
    attrs = hook(module.attrs, pad.kind, pad.attrs)
    try:
        if attrs is None:
            return False
        framework_values(registry.kind(module.kind), spelling, attrs, None)
    except Inexpressible:
        return False  # e.g. an uneven pad: PyTorch convs pad both sides alike
    module.attrs = attrs
    node.inputs[0] = producer.inputs[0]
    net.graph.nodes.remove(producer)
    del net.modules[producer.target]
    return True


# --- in place -------------------------------------------------------------------------------

def in_place_layers(model: PivotModel, target: str) -> dict[str, dict[str, list]]:
    """Per network: the value a layer computes -> the arguments that make it work in place."""
    return {name: _in_place_in(net, target) for name, net in model.networks.items()}


def _in_place_in(net: Network, target: str) -> dict[str, list]:
    calls = net.call_counts()
    producers, users, returned = net.graph.producers(), net.graph.users(), net.graph.output.inputs
    found = {}
    for node in (n for n in net.graph.nodes if n.op in ("call_module", "call_op") and len(n.inputs) == 1):
        _, hook = _spelling_hook(net, node, target, "in_place")
        producer = producers.get(node.inputs[0]) if hook else None
        once = node.op == "call_op" or calls[node.target] == 1
        if producer is not None and once and _fresh_result(net, producer, calls) \
                and len(users.get(node.inputs[0], [])) == 1 and node.inputs[0] not in returned:
            found[node.outputs[0]] = hook(net.modules[node.target].attrs if node.op == "call_module" else node.attrs)
    return found


def _fresh_result(net: Network, node: Node, calls: Counter) -> bool:
    """A layer with weights returning one new tensor its backward pass does not read."""
    return _single_layer(net, node, calls) and len(node.outputs) == 1 and not node.attrs.get("unpack") \
        and registry.kind(net.modules[node.target].kind).weights is not None
