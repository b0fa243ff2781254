"""Layout planning: where the target needs the channel axis, and the fewest permutes to get it.

Runs on a legalised copy of the pivot model. Afterwards every value's type is its *physical*
type in the target (roles in the order the target holds them), conversion permutes are
``permute`` op nodes, and source permutes that only moved axes around are gone (their
consumers get whatever order they need, on demand).

Each op gets a requirement: a target spelling with ``layout`` "first"/"last" needs the channel
axis there (unless the source spelling had the same convention: then the source order);
ops whose roles pass through unchanged run in any order (axis attributes are roles, remapped
when written; an index is rewritten by the spelling's ``reorder`` hook); ops that build new axes (flatten, reshape) see the source's order - except, with
``layout="native"``, a flatten of trailing axes, which runs in the target's order: the
following Dense rows are then reordered by the weight converter (see ``flatten_orders``).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..catalog import registry
from ..ir.graph import Network, Node, PivotModel
from ..ir.types import TensorType
from .roles import channel_layout, node_kind, past_elementwise, users

SPATIAL_ROLES = ("D", "H", "W", "T")


@dataclass(frozen=True)
class FlattenOrder:
    """The flattened axes of a linear layer's input: their roles and sizes in the source order,
    and their roles in the order the generated (target) model flattens them."""

    source_roles: tuple[str, ...]
    target_roles: tuple[str, ...]
    sizes: dict[str, int | None]

    @property
    def reordered(self) -> bool:
        return self.source_roles != self.target_roles


def oriented(roles: tuple[str, ...], layout: str | None) -> tuple[str, ...]:
    """Roles with the channel axis moved first (after the batch) or last; unchanged when the
    value has no channel and no spatial/time axis (nothing to orient)."""
    if layout not in ("first", "last") or "C" not in roles or not any(r in SPATIAL_ROLES for r in roles):
        return roles
    head = ("N",) if "N" in roles else ()
    rest = tuple(r for r in roles if r not in ("N", "C"))
    return head + (("C",) + rest if layout == "first" else rest + ("C",))


def native_order(t: TensorType, target: str) -> tuple[str, ...]:
    return oriented(t.roles, "first" if target == "torch" else "last")


def native_input_order(net: Network, value: str, target: str) -> tuple[str, ...]:
    """A network input in the order the first layer reading it (past elementwise ops) needs in
    the target - a batch-first recurrent layer reads (N, T, C) in both frameworks - else in the
    target's usual order."""
    t, readers = net.graph.types[value], users(net, value)
    layout = channel_layout(node_kind(net, past_elementwise(net, readers[0], target))[0], target) \
        if readers else None
    return oriented(t.roles, layout) if layout else native_order(t, target)


class LayoutPlanner:
    def __init__(self, model: PivotModel, target: str, mode: str):
        self.model, self.target, self.mode = model, target, mode
        self.source = model.source.framework or ("torch" if model.source.layout == "channels_first" else "keras")
        self.planned: dict[str, list[tuple[str, ...] | None]] = {}
        self.flatten_orders: dict[str, FlattenOrder] = {}

    def run(self) -> None:
        main = self.model.network
        src = main.graph.types
        orders = [None if v.outputs[0] not in src else
                  native_input_order(main, v.outputs[0], self.target) if self.mode == "native"
                  else src[v.outputs[0]].roles for v in main.graph.inputs]
        self.plan(main, orders, prefix="", is_main=True)

    # --- one network --------------------------------------------------------------------
    def plan(self, net: Network, input_orders, prefix: str, is_main: bool = False, input_flat=()):
        if net.name in self.planned:
            return self.planned[net.name]
        state = _State(net, dict(net.graph.types))
        state.input_flat = list(input_flat)  # flatten orders arriving from the calling network
        for node in net.graph.nodes:
            handler = getattr(self, f"_{node.op}")
            if handler(state, node, input_orders, prefix, is_main) is not False:
                state.nodes.append(node)
        net.graph.nodes = state.nodes
        net.graph.types = {v: _permuted(state.src_of(v), state.phys[v]) for v in state.phys}
        outs = [state.phys.get(state.resolve(v)) for v in net.graph.output.inputs]
        self.planned[net.name] = [state.phys.get(v.outputs[0]) for v in net.graph.inputs]
        return outs

    def _input(self, state, node, input_orders, prefix, is_main):
        value = node.outputs[0]
        index = state.net.graph.inputs.index(node)
        order = input_orders[index] if input_orders and index < len(input_orders) else None
        if value in state.src:  # an order of other roles: a call whose input type was refused (--allow-partial)
            roles = state.src[value].roles
            state.phys[value] = order if order and sorted(order) == sorted(roles) else roles
        if index < len(state.input_flat) and state.input_flat[index] is not None:
            state.flat[value] = state.input_flat[index]

    def _constant(self, state, node, *_):
        for v in node.outputs:
            if v in state.src:
                state.phys[v] = state.src[v].roles

    def _output(self, state, node, input_orders, prefix, is_main):
        source_order = is_main and self.mode == "source"
        node.inputs = [state.convert(v, state.src_of(v).roles if source_order and v in state.src else None)
                       for v in node.inputs]

    def _call_module(self, state, node, input_orders, prefix, is_main):
        module = state.net.modules[node.target]
        if module.kind == "network":
            sub = self.model.networks[module.attrs["network"]]
            wanted = self.planned.get(sub.name) or [state.phys_of(v) for v in node.inputs]
            node.inputs = [state.convert(v, w) for v, w in zip(node.inputs, wanted)]
            flat = [state.flat.get(v) for v in node.inputs]
            outs = self.plan(sub, wanted, f"{prefix}{module.name}.", input_flat=flat)
            for v, order in zip(node.outputs, outs):
                if v and order and v in state.src:  # roles the call's types do not share (--allow-partial): its own
                    state.phys[v] = order if sorted(order) == sorted(state.src[v].roles) else state.src[v].roles
            return True
        return self._call(state, node, registry.kind(module.kind), module.attrs, f"{prefix}{module.name}")

    def _call_op(self, state, node, input_orders, prefix, is_main):
        return self._call(state, node, registry.kind(node.target), node.attrs, None)

    # --- one layer or op ----------------------------------------------------------------
    def _call(self, state, node, kind, attrs, path):
        if not all(state.known(v) for v in node.inputs) or not node.inputs:
            node.inputs = [state.resolve(v) for v in node.inputs]
            for v in node.outputs:
                if v in state.src:
                    state.phys[v] = state.src[v].roles
            return True
        first_in = state.src_of(node.inputs[0])
        outs = [v for v in node.outputs if v]
        first_out = state.src.get(outs[0]) if outs else None
        t_spell = _spelling(kind, self.target)
        s_spell = _spelling(kind, self.source)
        if t_spell is not None and t_spell.layout:
            keep = s_spell is not None and s_spell.layout == t_spell.layout
            node.inputs = [state.convert(v, state.src_of(v).roles if keep else oriented(state.src_of(v).roles,
                                                                                          t_spell.layout))
                           for v in node.inputs]
            for v in (v for v in outs if v in state.src):  # untyped where inference failed (--allow-partial)
                state.phys[v] = state.src[v].roles if keep else oriented(state.src[v].roles, t_spell.layout)
        elif first_out is None or len(outs) != 1:
            self._in_source_order(state, node)
        elif _passes_roles_through(kind, attrs, [state.src_of(v) for v in node.inputs], first_out):
            self._any_order(state, node, outs[0], t_spell, attrs)
        elif len(node.inputs) == 1 and _reorders(kind, attrs, first_in, first_out):
            state.alias[outs[0]] = state.resolve(node.inputs[0])  # a pure reordering: consumers
            return False  # reorder on demand
        elif (self.mode == "native" or _order_free(first_in, first_out)) and \
                self._collapse_tail(state, node, kind, attrs, first_in, first_out):
            pass
        else:
            self._in_source_order(state, node)
        if path is not None:
            self._note_flatten(state, node, path)
        return True

    def _in_source_order(self, state, node):
        node.inputs = [state.convert(v, state.src_of(v).roles) for v in node.inputs]
        for v in node.outputs:
            if v in state.src:
                state.phys[v] = state.src[v].roles

    def _any_order(self, state, node, out, spelling, attrs):
        lead = state.phys_of(node.inputs[0])
        rank = len(lead)
        reorder = spelling.hooks.get("reorder") if spelling is not None else None
        if reorder is not None and lead != state.src_of(node.inputs[0]).roles:
            attrs.update(reorder(attrs, state.src_of(node.inputs[0]).roles, lead))
        node.inputs = [state.convert(v, lead if len(state.src_of(v).roles) == rank else state.src_of(v).roles)
                       for v in node.inputs]
        roles = state.src[out].roles
        state.phys[out] = tuple(r for r in lead if r in roles) if set(roles) <= set(lead) else roles
        if node.inputs[0] in state.flat:
            state.flat[out] = state.flat[node.inputs[0]]

    def _collapse_tail(self, state, node, kind, attrs, src_in, src_out) -> bool:
        j = len(src_out.roles)
        phys_in = state.phys_of(node.inputs[0])
        if j >= len(src_in.roles) or src_out.roles[:-1] != src_in.roles[:j - 1] or phys_in[:j - 1] != src_in.roles[:j - 1]:
            return False
        for a in kind.attrs:  # the axis where flattening starts, now at the same position in target order
            if a.type == "axis" and isinstance(attrs.get(a.name), str) and attrs[a.name] in src_in.roles:
                attrs[a.name] = phys_in[src_in.roles.index(attrs[a.name])]
        node.inputs = [state.resolve(v) for v in node.inputs]
        out = node.outputs[0]
        state.phys[out] = src_out.roles
        sizes = dict(zip(src_in.roles, src_in.shape))
        state.flat[out] = FlattenOrder(src_in.roles[j - 1:], phys_in[j - 1:], {r: sizes[r] for r in src_in.roles[j - 1:]})
        return True

    def _note_flatten(self, state, node, path):
        if node.op == "call_module" and node.inputs and node.inputs[0] in state.flat:
            self.flatten_orders[path] = state.flat[node.inputs[0]]


class _State:
    """Per-network bookkeeping: physical orders, removed reorderings, inserted conversions."""

    def __init__(self, net: Network, src: dict[str, TensorType]):
        self.net, self.src = net, src
        self.phys: dict[str, tuple[str, ...]] = {}
        self.alias: dict[str, str] = {}
        self.flat: dict[str, FlattenOrder] = {}
        self.input_flat: list[FlattenOrder | None] = []
        self.nodes: list[Node] = []
        self.converted: dict[tuple[str, tuple], str] = {}
        self.taken = {v for n in net.graph.nodes for v in n.outputs}

    def resolve(self, value: str) -> str:
        while value in self.alias:
            value = self.alias[value]
        return value

    def known(self, value: str) -> bool:
        return self.resolve(value) in self.phys

    def phys_of(self, value: str) -> tuple[str, ...] | None:
        return self.phys.get(self.resolve(value))

    def src_of(self, value: str) -> TensorType:
        """Source type of a value, seen through removed reorderings (roles are what matter)."""
        return self.src[value]

    def convert(self, value: str, order: tuple[str, ...] | None) -> str:
        value = self.resolve(value)
        if value not in self.phys or order is None or self.phys[value] == order:
            return value
        if sorted(order) != sorted(self.phys[value]):  # no permute reaches other roles: a call whose input
            return value  # type was refused (reported; --allow-partial goes on)
        key = (value, order)
        if key not in self.converted:  # convert each value at most once per order
            suffix = ''.join(r for r in order if r.isalpha()).lower()
            name = f"{value}_{suffix}"
            while name in self.taken:
                name += "_"
            self.taken.add(name)
            # "layout": the backend names the result after its input's generated name + the order
            self.nodes.append(Node("call_op", "permute", [value], [name], {"dims": order, "layout": suffix}))
            self.src[name] = _permuted(self.src[value], order)
            self.phys[name] = order
            self.converted[key] = name
        return self.converted[key]


def _passes_roles_through(kind, attrs, inputs: list[TensorType], src_out: TensorType) -> bool:
    """Elementwise ops and reductions: every output axis is an input axis of the same size, in
    the input's order.

    Sizes can agree by accident: flattening (N, 1, 1, C) gives (N, C) like a reduction does, and
    unknown sizes agree with anything. The shape rule, run again with unit and unknown sizes
    widened to distinct lengths, tells them apart (a squeeze of a widened axis keeps it)."""
    if src_out.roles == inputs[0].roles:
        return True
    if not _keeps_sizes(inputs[0], src_out, strict=True):
        return False
    widened = _widened(inputs[0])
    if widened == inputs[0]:
        return True
    try:
        probe = kind.shape(attrs, [widened, *inputs[1:]])[0]
    except (ValueError, KeyError, TypeError, IndexError, ZeroDivisionError):
        return False  # cannot tell: the source order is always right
    return _keeps_sizes(widened, probe, strict=False)


def _widened(t: TensorType) -> TensorType:
    """Sizes of 1 and unknown sizes replaced by distinct lengths no other axis has."""
    taken = {s for s in t.shape if s is not None}
    free = (n for n in range(2, 10**6) if n not in taken)
    return TensorType(tuple(next(free) if s in (1, None) else s for s in t.shape), t.roles, t.dtype)


def _keeps_sizes(src_in: TensorType, src_out: TensorType, strict: bool) -> bool:
    """``src_out``'s axes are ``src_in``'s (fewer of them when ``strict``), in order, same sizes."""
    sizes = dict(zip(src_in.roles, src_in.shape))
    kept = [r for r in src_in.roles if r in src_out.roles]
    return kept == list(src_out.roles) and (len(kept) < len(src_in.roles) or not strict) and all(
        sizes.get(r) == s for r, s in zip(src_out.roles, src_out.shape))


def _reorders(kind, attrs, src_in: TensorType, src_out: TensorType) -> bool:
    """The same axes, sizes and all, in another order (a reshape to new axes is not one); unknown
    sizes are widened to distinct lengths first, so that only a real permutation keeps them."""
    def same_axes(a: TensorType, b: TensorType) -> bool:
        return sorted(zip(a.roles, a.shape), key=str) == sorted(zip(b.roles, b.shape), key=str)

    if not same_axes(src_in, src_out):
        return False
    widened = _widened(src_in)
    try:
        return widened == src_in or same_axes(widened, kind.shape(attrs, [widened])[0])
    except (ValueError, KeyError, TypeError, IndexError, ZeroDivisionError):
        return False


def _order_free(src_in: TensorType, src_out: TensorType) -> bool:
    """Collapsing axes of which at most one is longer than 1: every order gives the same values."""
    tail = src_in.shape[len(src_out.roles) - 1:]
    return len(src_out.roles) < len(src_in.roles) and sum(1 for s in tail if s != 1) <= 1


def _permuted(t: TensorType, order: tuple[str, ...]) -> TensorType:
    return t.permuted(tuple(t.roles.index(r) for r in order))


def _spelling(kind, framework):
    return kind.spelling(framework, "layer") or kind.spelling(framework)


def plan_layout(model: PivotModel, target: str, mode: str = "source") -> dict[str, FlattenOrder]:
    """Rewrite ``model`` (a legalised copy) into the target's physical layout; returns, for each
    linear module path whose input comes from a flatten, the order the target flattens in."""
    planner = LayoutPlanner(model, target, mode)
    planner.run()
    return planner.flatten_orders
