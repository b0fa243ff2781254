"""Static shape inference: types for every value from the network's input types.

It also fills the attributes one framework needs and the other omits (``inferred``
attributes such as in_features) and turns integer axis attributes into roles.
Returns whether it changed anything; problems go to the reporter with the layer's location.
"""
from __future__ import annotations

from ..catalog import registry
from ..errors import Reporter
from ..ir.graph import Module, Network, Node, PivotModel
from ..ir.types import BATCH, TensorType
from .symbolic import assume_input_types, roles_for


def infer_shapes(model: PivotModel, reporter: Reporter, specialise: bool = True) -> None:
    """Infer the main network; sub-networks are inferred where they are called. Then ops the
    roles show to be a more specific kind become it (passes/specialise.py); ``specialise=False``
    keeps the kinds as the source spelled them (tests of what a frontend reads)."""
    from .specialise import specialise as specialise_kinds

    model.input_origins.update(assume_input_types(model, lambda m, r: infer_network(m, m.network, r)))
    infer_network(model, model.network, reporter)
    if specialise:
        specialise_kinds(model)


def infer_network(model: PivotModel, net: Network, reporter: Reporter,
                  input_types: list[TensorType] | None = None) -> list[TensorType] | None:
    types = net.graph.types
    for i, node in enumerate(net.graph.inputs):
        given = input_types[i] if input_types else types.get(node.outputs[0])
        if given is not None:
            types[node.outputs[0]] = given
    for node in net.graph.nodes:
        if node.op in ("call_module", "call_op"):
            _infer_node(model, net, node, reporter)
    outs = [types.get(v) for v in net.graph.output.inputs]
    return None if any(t is None for t in outs) else outs


def _infer_node(model, net, node: Node, reporter: Reporter) -> None:
    types = net.graph.types
    inputs = [types.get(v) for v in node.inputs]
    if node.op == "call_module":
        module = net.modules[node.target]
        if module.kind == "network":
            sub = model.networks[module.attrs["network"]]
            if len(inputs) != len(sub.graph.inputs):
                reporter.error(f"{module.name!r} is called with {len(inputs)} inputs; its network "
                               f"{sub.name!r} takes {len(sub.graph.inputs)}", module.loc)
                return
            results = infer_network(model, sub, reporter, inputs if None not in inputs else None)
            for value, entry in zip(node.inputs, sub.graph.inputs):  # roles a layer inside gave
                inner = sub.graph.types.get(entry.outputs[0])
                if inner is not None and types.get(value) is not None and inner.shape == types[value].shape:
                    types[value] = inner
            _assign(types, node, results)
            return
        kind, attrs, where = registry.kind(module.kind), module.attrs, module
    else:
        kind, attrs, where = registry.kind(node.target), node.attrs, node
    if any(t is None for t in inputs) or not inputs and node.op == "call_op" and kind.name != "constant" \
            and not kind.sizes_only:  # a causal mask or positions of a stated length need no input
        _report_missing(kind, attrs, where, reporter)
        return
    try:
        for name, value in kind.defaults().items():
            attrs.setdefault(name, value)  # canonical attributes are always explicit
        inputs = _roles_from_reader(model, kind, attrs, node, inputs, types)
        _axes_to_roles(kind, attrs, inputs[0] if inputs else None)
        if not _rank_accepted(kind, inputs, where, reporter) or \
                not _channels_where_read(model, kind, inputs, where, reporter):
            return
        if kind.infer and not _fill_inferred(kind, attrs, inputs, where, reporter):
            return
        results = kind.shape(attrs, inputs)
        if _possible(results, inputs, where, kind, reporter):
            _assign(types, node, results)
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        reporter.error(f"{_label(where, kind)}: cannot infer the output shape from {', '.join(map(str, inputs))}: {exc}",
                       where.loc)


def _channels_where_read(model, kind, inputs, where, reporter: Reporter) -> bool:
    """A convolution, pooling... of the source framework reads its channels at a fixed position
    (PyTorch axis 1, Keras the last axis): the input's axis there must be its channel axis, or
    the roles around it (a transpose of an input typed in the other layout) are wrong."""
    layouts = {s.framework: s.layout for s in reversed(kind.spellings)}
    layout = layouts.get(model.source.framework)
    x = inputs[0] if inputs else None
    if (layouts.get("torch"), layouts.get("keras")) != ("first", "last") or x is None or x.rank < 3 \
            or "C" not in x.roles or layout is None:  # layout None: a pivot model not read from source
        return True  # a Linear or LayerNorm reads the last axis whatever its role
    position = 1 if layout == "first" else x.rank - 1
    if x.roles[position] == "C":
        return True
    reporter.error(f"{_label(where, kind)} reads its channels from axis {position} of {x}, which is "
                   f"{x.roles[position]}, not C: the roles given to the input do not fit this layer "
                   f"(an input shape in the other framework's layout?)", where.loc)
    return False


def _roles_from_reader(model, kind, attrs, node: Node, inputs, types) -> list[TensorType]:
    """A value whose axes have no meaning yet (``x.view(-1, 32, 7, 7)``) takes the roles of the
    layer reading it: a PyTorch ConvTranspose2d reads (N, C, H, W), a Keras Conv2D (N, H, W, C)."""
    x = inputs[0] if inputs else None
    layout = {s.framework: s.layout for s in reversed(kind.spellings)}.get(model.source.framework)
    if x is None or layout not in ("first", "last") or kind.spatial is None or x.roles[0] != BATCH \
            or not any(r.startswith("?") for r in x.roles[1:]) or x.rank - 2 not in kind.spatial:
        return inputs  # only roles an op guessed (new axes are "?i") give way
    roles = roles_for(x.rank, layout, attrs)
    if roles is None:
        return inputs
    shaped = TensorType(x.shape, roles, x.dtype)
    types[node.inputs[0]] = shaped
    return [shaped, *inputs[1:]]


def _fill_inferred(kind, attrs, inputs, where, reporter: Reporter) -> bool:
    """Fill what the source left to inference; a restated input size must agree with the input."""
    for name, value in kind.infer(attrs, inputs).items():
        stated = attrs.get(name)
        if stated is None:
            attrs[name] = value
        elif kind.attr(name).of_input and _disagree(stated, value):
            reporter.error(f"{_label(where, kind)} states {name}={stated!r} but its input {inputs[0]} has "
                           f"{value!r}", where.loc)
            return False
    return True


def _disagree(stated, found) -> bool:
    pairs = zip(stated, found) if isinstance(stated, (tuple, list)) and isinstance(found, (tuple, list)) \
        else [(stated, found)]
    return any(s is not None and f is not None and s != f for s, f in pairs)


def _rank_accepted(kind, inputs, where, reporter: Reporter) -> bool:
    """A 2-D convolution reads two spatial axes: a value with another number is not its input."""
    x = inputs[0] if inputs else None
    if kind.spatial is None or x is None or len(x.spatial_roles) in kind.spatial:
        return True
    wanted = " or ".join(str(n) for n in kind.spatial)
    reporter.error(f"{_label(where, kind)} reads {wanted} spatial axes; its input {x} has "
                   f"{len(x.spatial_roles)}", where.loc)
    return False


def _possible(results, inputs, where, kind, reporter: Reporter) -> bool:
    """A size of 0 or less (a kernel larger than its input, a pooling that leaves nothing) is an
    error at the layer: the network cannot run on that input."""
    empty = [t for t in results or [] if t is not None and any(isinstance(d, int) and d <= 0 for d in t.shape)]
    if empty:
        reporter.error(f"{_label(where, kind)}: impossible output shape {', '.join(map(str, empty))} "
                       f"from input {', '.join(map(str, inputs))} (a size of 0 or less)", where.loc)
    return not empty


def _assign(types, node: Node, results) -> None:
    if results is None:
        return
    for name, result in zip(node.outputs, results):
        if name:
            types[name] = result


def _axes_to_roles(kind, attrs, first: TensorType | None) -> None:
    if first is None:
        return
    for attr in kind.attrs:
        value = attrs.get(attr.name)
        if attr.type == "axis" and isinstance(value, int):
            attrs[attr.name] = first.roles[value]
        elif attr.type == "axes" and isinstance(value, (list, tuple)) and all(isinstance(v, int) for v in value):
            attrs[attr.name] = tuple(first.roles[v] for v in value)


def _report_missing(kind, attrs, where, reporter: Reporter) -> None:
    missing = [a.name for a in kind.attrs if a.inferred and attrs.get(a.name) is None]
    if missing:
        reporter.warning(f"{_label(where, kind)}: {', '.join(missing)} unknown (no input shape reaches it)", where.loc)


def _label(where: Module | Node, kind) -> str:
    name = where.name if isinstance(where, Module) else where.outputs[0] if where.outputs else kind.name
    return f"{kind.name} {name!r}"
