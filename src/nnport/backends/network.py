"""One network -> its NetCode in the chosen style (subclassing, sequential, functional)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..catalog import registry
from ..errors import NnportError
from ..ir.graph import Network, Node
from .emit import Emitter, NetCode
from .naming import Namespace, class_name, identifier
from .spell import arguments, literal, local_name

TORCH_LAMBDA_KEY = "torch-lambda"


@dataclass
class NetContext:
    """Per-run state of writing one network: which activations are fused into their layer."""

    net: Network
    fused: dict[str, str] = field(default_factory=dict)  # layer name -> Keras activation string
    fused_into: set[str] = field(default_factory=set)  # activation modules absorbed by a layer
    skipped: set[int] = field(default_factory=set)  # id() of activation nodes absorbed by a layer


def is_chain(net: Network) -> bool:
    """Every node feeds only the next one (ops included): the network fits a Sequential."""
    return chain_break(net) is None


def chain_break(net: Network) -> str | None:
    """Why ``net`` does not fit a sequential container (None when it does)."""
    if len(net.graph.inputs) != 1 or len(net.graph.output.inputs) != 1:
        return f"it has {len(net.graph.inputs)} inputs and {len(net.graph.output.inputs)} outputs"
    previous = net.graph.inputs[0].outputs
    for node in (n for n in net.graph.nodes if n.op not in ("input", "output")):
        outs = [v for v in node.outputs if v]
        what = _describe(net, node)
        if node.attrs.get("unpack") or len(outs) > 1 or (outs and node.outputs.index(outs[0]) != 0):
            return f"{what} returns a tuple of values, which a sequential container cannot pass on"
        if node.op not in ("call_module", "call_op") or len(outs) != 1:
            return f"{what} is not a layer applied to the previous result"
        if node.inputs != previous:
            return f"{what} does not read only the previous result, so the network branches or merges"
        previous = outs
    return None if net.graph.output.inputs == previous else "its output is not the last layer's result"


def _describe(net: Network, node: Node) -> str:
    if node.op == "call_module":
        return f"{net.modules[node.target].kind} {node.target!r}"
    return f"op {node.target!r}" if node.op == "call_op" else f"a {node.op} node"


def write_network(em: Emitter, net: Network, style: str, nested: bool) -> NetCode:
    code = NetCode(net.name, "" if nested and style == "sequential" else class_name(net.name, nested), style,
                   display_name=_snake(net.name))
    ctx = fuse_activations(em, net)
    {"subclassing": _subclassing, "sequential": _sequential, "functional": _functional}[style](em, ctx, code)
    return code


# --- subclassing ---------------------------------------------------------------------------

def _subclassing(em: Emitter, ctx: NetContext, code: NetCode) -> None:
    net, attrs, objects = ctx.net, Namespace(), {}
    for module in net.modules.values():
        ctor = em.constructor(net, module, fused=ctx.fused.get(module.name))
        if ctor is not None and module.name not in ctx.fused_into:
            attr = attrs.allocate(module.name)
            objects[module.name] = f"self.{attr}"
            code.layers.append((attr, ctor))
            code.paths[module.name] = attr
    for node in net.graph.nodes:  # ops the target only spells as a layer become attributes too
        ctor = em.layer_for_op(net, node) if node.op == "call_op" and id(node) not in ctx.skipped else None
        if ctor is not None:
            attr = attrs.allocate(node.outputs[0] if node.target in node.outputs[0] else node.target)
            objects[id(node)] = f"self.{attr}"
            code.layers.append((attr, ctor))
    _body(em, ctx, code, lambda node: objects.get(node.target if node.op == "call_module" else id(node)))


def _body(em: Emitter, ctx: NetContext, code: NetCode, layer_expr, taken: tuple[str, ...] = ()) -> None:
    """Forward statements; a value takes over its input's name when that input is not used again."""
    net, scope, names, origin = ctx.net, Namespace(taken), {}, {}
    remaining = _use_counts(net)
    preferred = _preferred_names(ctx)
    for node in net.graph.nodes:
        if node.op == "input":
            names[node.outputs[0]] = scope.allocate(node.outputs[0])
            code.params.append(names[node.outputs[0]])
            continue
        if node.op == "output":
            code.returns = ", ".join(names[v] for v in node.inputs)
            _single_argument(em, code, scope)
            continue
        if id(node) in ctx.skipped:
            remaining[node.inputs[0]] -= 1
            names[node.outputs[0]] = names[node.inputs[0]]
            continue
        args = [names[v] for v in node.inputs]
        for v in node.inputs:
            remaining[v] -= 1
        expr = _node_expr(em, net, node, args, layer_expr)
        _name_results(code, node, names, remaining, scope, preferred, origin)
        code.body.append(f"{_target(node, names, remaining)} = {expr}")


def _single_argument(em: Emitter, code: NetCode, scope: Namespace) -> None:
    """A subclassed Keras model takes its inputs as one list (``model([a, b])``), like Keras's own
    functional models do: unpack it first."""
    if em.dialect.target == "keras" and code.style == "subclassing" and len(code.params) > 1:
        code.body.insert(0, f"{', '.join(code.params)} = {scope.allocate('inputs')}")
        code.params = [code.body[0].rpartition(" = ")[2]]


def _name_results(code, node, names, remaining, scope, preferred, origin) -> None:
    """Each result takes its source variable's name ('x_2' -> 'x') when no live value holds it.
    A layout conversion is named after what it holds (``features_nchw``); what is computed from
    it goes back to the unconverted name (``origin``)."""
    held = {}
    for value, name in names.items():
        if remaining.get(value, 0) > 0 or (code.style == "functional" and name in code.params):
            held[name] = value
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


def _preferred_names(ctx: NetContext) -> dict[str, str]:
    """Values the source never named (the frontend called them after their layer, as in
    ``relu(bn1(conv1(x)))``) take the name of the source variable they flow into."""
    net, preferred = ctx.net, {}
    users = net.graph.users()
    for node in reversed(net.graph.nodes):
        for v in (v for v in node.outputs if v):
            base = _base_name(v)
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
    import re
    return identifier(re.sub(r"_\d+$", "", value))


def _target(node: Node, names: dict, remaining: dict) -> str:
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


def _node_expr(em, net, node: Node, args, layer_expr) -> str:
    if node.op == "constant":
        return literal(node.attrs.get("value"))
    obj = layer_expr(node)
    if node.op == "call_op":
        if obj is not None:
            return f"{obj}({', '.join(args)})"
        return em.function_call(net, node, registry.kind(node.target), node.attrs, args, node)
    module = net.modules[node.target]
    if obj is None:
        return em.function_call(net, node, registry.kind(module.kind), module.attrs, args, module)
    used = [v for v in node.outputs if v]
    if module.kind != "network" and node.attrs.get("unpack") is None and (len(used) > 1 or (node.outputs and node.outputs[0] == "")):
        kind = registry.kind(module.kind)
        raise NnportError(f"{kind.name} {module.name!r}: its outputs {kind.outputs} have no spelling in "
                          f"{em.dialect.target} (the entry lacks a 'results' hook)", module.loc)
    call = node.attrs.get("call")  # a stacked layer called one sub-layer at a time
    return f"{obj}({', '.join(args)})" if call is None else call.format(obj=obj, x=", ".join(args))


def _use_counts(net: Network) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in net.graph.nodes:
        for v in node.inputs:
            counts[v] = counts.get(v, 0) + 1
    return counts


# --- sequential ----------------------------------------------------------------------------

def _sequential(em: Emitter, ctx: NetContext, code: NetCode) -> None:
    net, names = ctx.net, Namespace()
    for node in (n for n in net.graph.nodes if n.op in ("call_module", "call_op")):
        if id(node) in ctx.skipped:
            continue
        keras_name = names.allocate(_layer_name(net, node)) if em.dialect.names_layers else None
        position = keras_name if keras_name else str(len(code.items))
        if node.op == "call_module":
            code.paths[node.target] = position
        item = _sequential_item(em, ctx, node, keras_name)
        code.items.extend(item if isinstance(item, list) else [item])
    if em.dialect.target == "keras" and code.class_name != "":
        shape = _input_shape(net)
        if shape is not None:
            code.items.insert(0, f"keras.Input(shape={literal(shape)})")


def _sequential_item(em: Emitter, ctx: NetContext, node: Node, keras_name: str | None) -> str:
    net = ctx.net
    if node.op == "call_module":
        module = net.modules[node.target]
        ctor = em.constructor(net, module, keras_name, fused=ctx.fused.get(module.name))
        if ctor is not None:
            return ctor
        kind, attrs, where = registry.kind(module.kind), module.attrs, module
    else:
        ctor = em.layer_for_op(net, node, keras_name)
        layer = registry.kind(node.target).spelling(em.dialect.target, "layer")
        if ctor is None and layer is not None:
            values = em.values(registry.kind(node.target), layer, node.attrs, net, node, node)
            named = [f"name={keras_name!r}"] if keras_name else []
            named += [f"{k}={v}" for k, v in em.in_place_args(net, node)]
            text = ", ".join(p for p in [arguments(layer, values), *named] if p)
            ctor = f"{local_name(layer.name, em.imports)}({text})"
        if ctor is not None:
            return ctor
        kind, attrs, where = registry.kind(node.target), node.attrs, node
    named = f", name={keras_name!r}" if keras_name else ""
    string = _activation_string(kind, attrs) if em.dialect.target == "keras" else None
    if string:  # a layer Keras can save and reload, unlike a Lambda
        return f"{local_name('keras.layers.Activation', em.imports)}({string!r}{named})"
    layers = em.function_as_layers(kind, attrs)  # e.g. nn.AdaptiveAvgPool2d(1), nn.Flatten()
    if layers:
        return layers
    call = em.function_call(net, node, kind, attrs, ["x"], where)
    if em.dialect.target == "torch" and TORCH_LAMBDA_KEY not in em.helpers:
        em.helpers.append(TORCH_LAMBDA_KEY)
    if em.dialect.target == "keras":
        local_name("keras.layers.Lambda", em.imports)
    return f"{em.dialect.wrap_function('x', call)[:-1]}{named})"


def _layer_name(net: Network, node: Node) -> str:
    if node.op == "call_module":
        return identifier(node.target) if not node.target[:1].isdigit() else \
            f"{net.modules[node.target].kind}_{node.target}"
    return node.outputs[0]


# --- functional (Keras) --------------------------------------------------------------------

def _functional(em: Emitter, ctx: NetContext, code: NetCode) -> None:
    net, names, objects, shared = ctx.net, Namespace(), {}, []
    calls: dict[str, int] = {}
    for node in net.module_calls():
        calls[node.target] = calls.get(node.target, 0) + 1
    for module in net.modules.values():
        if module.name in ctx.fused_into:
            continue
        keras_name = names.allocate(identifier(module.name) if not module.name[:1].isdigit()
                                    else f"{module.kind}_{module.name}")
        ctor = em.constructor(net, module, keras_name, fused=ctx.fused.get(module.name))
        if ctor is not None and calls.get(module.name, 0) > 1:  # a shared layer: declared once
            shared.append((keras_name, ctor))
            objects[module.name] = keras_name
            code.paths[module.name] = keras_name
        elif ctor is not None:
            objects[module.name] = ctor
            code.paths[module.name] = keras_name
    for node in net.graph.nodes:
        if node.op == "call_op" and id(node) not in ctx.skipped:
            ctor = em.layer_for_op(net, node, names.allocate(node.outputs[0]))
            if ctor is not None:
                objects[id(node)] = ctor
    _body(em, ctx, code, lambda node: objects.get(node.target if node.op == "call_module" else id(node)),
          tuple(name for name, _ in shared))
    code.layers = [(p, _input_decl(net, v.outputs[0])) for p, v in zip(code.params, net.graph.inputs)] + shared


def _input_decl(net: Network, value: str) -> str:
    t = net.graph.types.get(value)
    if t is None:
        raise NnportError(f"network {net.name!r}: the functional style needs the input shape of %{value} "
                          f"(give --input-shape)", net.loc)
    dtype = "" if t.dtype == "float32" else f", dtype={t.dtype!r}"
    return f"keras.Input(shape={literal(tuple(t.shape[1:]))}{dtype}, name={value!r})"


def _input_shape(net: Network):
    t = net.graph.types.get(net.graph.inputs[0].outputs[0]) if net.graph.inputs else None
    return None if t is None or None in t.shape[1:] else tuple(t.shape[1:])


# --- Keras fused activations ---------------------------------------------------------------

def fuse_activations(em: Emitter, net: Network) -> NetContext:
    """Re-fuse ``layer -> activation`` into ``activation=`` when the layer's spelling has a fused
    argument, the intermediate value has one use, and the activation's string needs no argument."""
    ctx = NetContext(net)
    if em.dialect.target != "keras":
        return ctx
    producers, users = net.graph.producers(), net.graph.users()
    calls: dict[str, int] = {}
    for node in net.module_calls():
        calls[node.target] = calls.get(node.target, 0) + 1
    for node in net.graph.nodes:
        string = _activation_string(*_kind_attrs(net, node))
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


def _activation_string(kind, attrs) -> str | None:
    if kind is None:
        return None
    spelling = kind.spelling("keras", "activation")
    # an activation string takes no arguments: only kinds without attributes fuse safely (the
    # string's defaults differ from the layer's, e.g. leaky_relu)
    return spelling.name if spelling is not None and not kind.attrs else None


def _snake(name: str) -> str:
    import re
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", identifier(name)).lower()
