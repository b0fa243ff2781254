"""Symbolic input types: the rank and axis roles of a network input the source never shapes.

Most model files state no input shape. The layers reading an input still fix most of it: a
``Conv1d`` reads (N, C, L), ``nn.GRU(input_size=128, batch_first=True)`` reads (N, T, 128), an
``Embedding`` reads integer ids (N, T), ``Linear(30, ...)`` reads (..., 30). Each open input gets
the candidate types its first reader accepts, sizes unknown (``None``) except the ones that
reader states; the first candidate (smallest rank) through which the whole network infers
without an error is kept. Decisions downstream depend only on roles and the sizes known.
"""
from __future__ import annotations

import copy
from dataclasses import replace
from itertools import islice, product

from ..errors import Reporter
from ..ir.graph import Network, PivotModel
from ..ir.types import BATCH, CHANNEL, SPATIAL, TIME, TensorType, anonymous
from .roles import catalog_kind, channel_layout, node_kind, past_elementwise, users

RANKS = (2, 3, 4, 5)
MAX_TRIALS = 32  # combinations of candidates tried for a network with several open inputs
_PROBE = 7919  # a channel size no layer states: shows which attribute an infer rule fills from C


def open_inputs(net: Network) -> list[str]:
    return [n.outputs[0] for n in net.graph.inputs if n.outputs[0] not in net.graph.types]


def assume_input_types(model: PivotModel, infer) -> dict[str, str]:
    """Give every untyped input of the main network its assumed type; ``infer(model, reporter)``
    runs shape inference on a trial copy. Returns, per input, where its type came from."""
    net = model.network
    values = open_inputs(net)
    if not values:
        return {}
    framework = model.source.framework or "torch"
    options = [candidates(model, net, v, framework) for v in values]
    chosen = None
    for combination in islice(product(*options), MAX_TRIALS):
        trial = copy.deepcopy(model)
        trial.network.graph.types.update(zip(values, (t for t, _ in combination)))
        reporter = Reporter()
        infer(trial, reporter)
        if not reporter.errors:
            chosen = combination
            break
    chosen = chosen or next(product(*options))  # none fits: the first, so its errors are reported
    for value, (t, why) in zip(values, chosen):
        net.graph.types[value] = t
    return {value: why for value, (_, why) in zip(values, chosen)}


def candidates(model: PivotModel, net: Network, value: str, framework: str) -> list[tuple[TensorType, str]]:
    """(type, why) for each way the first reader of ``value`` may read it, smallest rank first."""
    readers = users(net, value)
    if not readers:
        return [(TensorType((None, None), (BATCH, CHANNEL)), "no layer reads it")]
    node = past_elementwise(net, readers[0], framework)
    kind_name, attrs = node_kind(net, node)
    if kind_name == "network":
        sub = model.networks[attrs["network"]]
        index = node.inputs.index(value) if value in node.inputs else 0
        inner = sub.graph.inputs[min(index, len(sub.graph.inputs) - 1)].outputs[0]
        return candidates(model, sub, inner, framework)
    kind = catalog_kind(kind_name)
    if kind is None:
        return [(TensorType((None, None), (BATCH, CHANNEL)), f"read by {kind_name}")]
    where = f"read by {kind.name} {_name(node)}" + (f" (line {node.loc.line})" if node.loc else "")
    if kind.family == "embedding":
        return [(TensorType((None, None), (BATCH, TIME), "int64"), f"token ids, {where}")]
    layout = channel_layout(kind_name, framework)
    found = []
    for rank in RANKS:
        roles = _roles(rank, layout, attrs)
        if roles is None:
            continue
        t = TensorType((None,) * rank, roles)
        size = stated_channels(kind, attrs, t)
        found.append((t.with_dim(CHANNEL, size) if size is not None else t, where))
    return found


def _roles(rank: int, layout: str | None, attrs: dict) -> tuple[str, ...] | None:
    if rank == 2:
        return (BATCH, CHANNEL)
    if layout == "first":
        return (BATCH, CHANNEL, *SPATIAL[rank - 2]) if rank - 2 in SPATIAL else None
    if layout == "last":
        return (BATCH, *SPATIAL[rank - 2], CHANNEL) if rank - 2 in SPATIAL else None
    if rank == 3:
        return (TIME, BATCH, CHANNEL) if attrs.get("batch_first") is False else (BATCH, TIME, CHANNEL)
    return (BATCH, *(anonymous(i) for i in range(1, rank - 1)), CHANNEL)


def stated_channels(kind, attrs: dict, t: TensorType):
    """The size the layer's own arguments give its input's channel axis (``in_channels``,
    ``in_features``, ``input_size``, ``normalized_shape[-1]``...): the attribute its infer rule
    fills from that axis, as the source stated it. None when the source leaves it to inference."""
    if kind.infer is None:
        return None
    open_attrs = {**kind.defaults(), **attrs}
    for a in kind.attrs:
        if a.inferred:
            open_attrs[a.name] = None
    try:
        filled = kind.infer(open_attrs, [t.with_dim(CHANNEL, _PROBE)])
    except Exception:  # a rule needing more than the channel size: nothing to learn here
        return None
    for name, value in filled.items():
        stated = attrs.get(name)
        if value == _PROBE and isinstance(stated, int):
            return stated
        if isinstance(value, (tuple, list)) and value and value[-1] == _PROBE \
                and isinstance(stated, (tuple, list)) and stated and isinstance(stated[-1], int):
            return stated[-1]
    return None


def with_sizes(t: TensorType, sizes: dict[str, int]) -> TensorType:
    """``t`` with its open (None) non-batch axes set from ``sizes`` by role."""
    shape = tuple(s if s is not None or r == BATCH else sizes.get(r, s) for s, r in zip(t.shape, t.roles))
    return replace(t, shape=shape)


def _name(node) -> str:
    return repr(node.target) if node.op == "call_module" else repr(node.outputs[0] if node.outputs else node.target)
