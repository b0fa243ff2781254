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

from ..catalog.datasets import SAMPLES
from ..errors import Reporter
from ..ir.graph import Network, PivotModel
from ..ir.sizes import Size
from ..ir.types import BATCH, CHANNEL, SPATIAL, TIME, TensorType, anonymous
from .roles import (
    catalog_kind,
    channel_layout,
    node_kind,
    past_elementwise,
    typing_readers,
)

RANKS = (2, 3, 4, 5)
MAX_TRIALS = 32  # combinations of candidates tried for a network with several open inputs


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
    if len(values) == 1:
        options[0] = with_dataset(options[0], model, framework)
    chosen, furthest = None, (-1, None)
    for combination in islice(product(*options), MAX_TRIALS):
        trial = copy.deepcopy(model)
        trial.network.graph.types.update(zip(values, (t for t, _ in combination)))
        reporter = Reporter()
        infer(trial, reporter)
        if not reporter.errors:
            chosen = combination
            break
        reached = len(trial.network.graph.types)
        furthest = max(furthest, (reached, combination), key=lambda found: found[0])
    chosen = chosen or furthest[1]  # none fits: the one typing most values, so its errors are reported
    for value, (t, why) in zip(values, chosen):
        net.graph.types[value] = t
    return {value: f"assumed: {why}; sizes the source leaves open are symbols" for value, (_, why) in zip(values, chosen)}


def candidates(model: PivotModel, net: Network, value: str, framework: str) -> list[tuple[TensorType, str]]:
    """(type, why) for each way the first reader of ``value`` may read it, smallest rank first."""
    readers = typing_readers(net, value)
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
    if value in node.inputs and node.inputs.index(value) in kind.mask_inputs:
        return [(TensorType((None, None), (BATCH, TIME), "bool"), f"a boolean mask, {where}")]
    layout = channel_layout(kind_name, framework)
    found = []
    for rank in RANKS:
        roles = roles_for(rank, layout, attrs)
        if roles is None:
            continue
        t = TensorType((None,) * rank, roles)
        size = stated_channels(kind, attrs, node.inputs.index(value) if value in node.inputs else 0)
        found.append((t.with_dim(CHANNEL, size) if size is not None else t, where))
    return [c for c in found if _rank_accepted(kind, attrs, c[0], len(node.inputs))] or found


def _rank_accepted(kind, attrs: dict, t: TensorType, count: int) -> bool:
    """Whether the reader's shape rule takes ``t`` for each of its inputs: ranks it refuses (attention
    reads sequences only) are not tried, so that several open inputs reach the combination that fits."""
    try:
        kind.shape({**kind.defaults(), **attrs}, [t] * count)
    except ValueError:
        return False
    except Exception:  # noqa: BLE001  (other gaps: sizes unknown here, decided by the trial inference)
        return True
    return True


def with_dataset(options: list[tuple[TensorType, str]], model: PivotModel, framework: str):
    """Candidates sized from the samples of a dataset the source loads by name (MNIST: 28 x 28,
    one channel), those as long as a sample first; the unsized candidates stay as fallbacks."""
    loader = next((d.loader for d in model.datasets if d.loader in SAMPLES), None)
    sample = SAMPLES.get(loader or "")
    order = sample.orders.get(framework) if sample else None
    if order is None:
        return options
    sized = []
    for t, why in options:
        by_place = t.rank - 1 == len(order)
        images = all(r in t.roles for r in sample.sizes if r in SPATIAL[2])  # roles alone: an image stays one
        if not by_place and not images:
            continue
        sizes = dict(zip(t.roles[1:], (sample.sizes[r] for r in order))) if by_place else sample.sizes
        filled = replace(t, shape=tuple(s if s is not None else sizes.get(r) for s, r in zip(t.shape, t.roles)))
        if filled != t:
            sized.append((not by_place, filled, f"{why}; sizes from the {loader} samples the source loads"))
    return [(t, why) for _, t, why in sorted(sized, key=lambda found: found[0])] + options


def roles_for(rank: int, layout: str | None, attrs: dict) -> tuple[str, ...] | None:
    """The roles a layer reading channels at ``layout`` ("first", "last", None) gives a value of
    ``rank`` axes; None when it cannot read that rank."""
    if rank == 2:
        return (BATCH, CHANNEL)
    if layout == "first":
        return (BATCH, CHANNEL, *SPATIAL[rank - 2]) if rank - 2 in SPATIAL else None
    if rank == 3:  # a sequence, as the stated-shape readers type it
        return (TIME, BATCH, CHANNEL) if attrs.get("batch_first") is False else (BATCH, TIME, CHANNEL)
    if layout == "last":
        return (BATCH, *SPATIAL[rank - 2], CHANNEL) if rank - 2 in SPATIAL else None
    return (BATCH, *(anonymous(i) for i in range(1, rank - 1)), CHANNEL)


def stated_channels(kind, attrs: dict, index: int = 0):
    """The size the layer's own arguments give its input's channel axis (``in_channels``,
    ``in_features``, ``input_size``, ``normalized_shape[-1]``...), or None; ``Kind.input_widths``
    names it per input (the key's and value's widths of attention)."""
    stated = attrs.get(kind.input_widths[index]) if index < len(kind.input_widths) else None
    if isinstance(stated, (int, Size)) and not isinstance(stated, bool):
        return stated  # else the first input's width (attention's kdim=None: the query's)
    for a in kind.attrs:
        stated = attrs.get(a.name)
        if a.of_input and isinstance(stated, (tuple, list)) and stated:
            stated = stated[-1]
        if a.of_input and (isinstance(stated, (int, Size)) and not isinstance(stated, bool)):
            return stated  # a size known only at run time too (n_features = X.shape[2])
    return None


# Sizes tried for open axes, by kind of axis: sensible defaults first, then every size upwards.
PREFERRED = {"spatial": (32, 28, 64, 224, 16, 96, 128, 256, 299, 227, 8), "T": (8, 16, 32, 10, 50, 100),
             "C": (3, 1, 16), "other": (8, 16, 32)}
LIMITS = {"spatial": 2048, "T": 512, "C": 4096, "other": 1024}


def open_sizes(model: PivotModel) -> list[str]:
    """The main inputs with an unknown size other than the batch, described."""
    types = model.network.graph.types
    return [f"input {n.outputs[0]!r} {types[n.outputs[0]]}" for n in model.network.graph.inputs
            if n.outputs[0] in types and any(s is None and r != BATCH for s, r in
                                             zip(types[n.outputs[0]].shape, types[n.outputs[0]].roles))]


def axis_group(role: str) -> str:
    return "spatial" if role in ("D", "H", "W") else role if role in ("T", "C") else "other"


def concrete_inputs(raw: PivotModel, typed: PivotModel, infer) -> tuple[PivotModel, list[str]] | None:
    """Sizes for the open axes of ``typed``'s main inputs (its shapes inferred symbolically from
    ``raw``, the model as read): the defaults when every layer accepts them, else the smallest
    size of one kind of axis that makes them all accept. Returns a copy of ``raw`` inferred with
    those sizes and a note per input, or None when ``typed`` has nothing open."""
    types = {n.outputs[0]: typed.network.graph.types.get(n.outputs[0]) for n in typed.network.graph.inputs}
    groups = sorted({axis_group(r) for t in types.values() if t for s, r in zip(t.shape, t.roles)
                     if s is None and r != BATCH}, key=list(PREFERRED).index)
    if not groups or None in types.values():
        return None
    base = {g: PREFERRED[g][0] for g in groups}
    tries = [base] + [{**base, g: size} for g in groups
                      for size in (*PREFERRED[g][1:], *(n for n in range(1, LIMITS[g] + 1) if n not in PREFERRED[g]))]
    for sizes in tries:
        trial = copy.deepcopy(raw)
        concrete = {v: _with_sizes(t, sizes) for v, t in types.items()}
        trial.network.graph.types.update(concrete)
        reporter = Reporter()
        infer(trial, reporter)
        if not reporter.errors:
            steps = f"{sizes['T']} steps, " if "T" in sizes else ""
            notes = [f"input {v!r}: the source leaves sizes open; verified with {_shape(concrete[v])} "
                     f"({steps}sizes chosen so that every layer accepts them; give --input-shape to choose)"
                     for v, t in types.items() if concrete[v] != t]
            trial.input_origins = dict(typed.input_origins)
            return trial, notes
    return None


def _with_sizes(t: TensorType, sizes: dict[str, int]) -> TensorType:
    shape = tuple(s if s is not None or r == BATCH else sizes[axis_group(r)] for s, r in zip(t.shape, t.roles))
    return replace(t, shape=shape)


def _shape(t: TensorType) -> str:
    return "(" + ", ".join("N" if r == BATCH else str(s) for s, r in zip(t.shape, t.roles)) + ")"


def _name(node) -> str:
    return repr(node.target) if node.op == "call_module" else repr(node.outputs[0] if node.outputs else node.target)
