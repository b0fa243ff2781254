"""One network -> its NetCode in the chosen style (subclassing, sequential, functional)."""
from __future__ import annotations

from ..catalog import registry
from ..errors import NnportError
from ..ir.graph import Network, Node
from .emit import Emitter, NetCode
from .naming import Namespace, class_name, identifier
from .spell import literal


def is_chain(net: Network) -> bool:
    """Every node feeds only the next one (ops included): the network fits a Sequential."""
    body = [n for n in net.graph.nodes if n.op not in ("input", "output")]
    if len(net.graph.inputs) != 1 or len(net.graph.output.inputs) != 1:
        return False
    previous = net.graph.inputs[0].outputs
    for node in body:
        outs = [v for v in node.outputs if v]
        if node.op not in ("call_module", "call_op") or node.inputs != previous or len(outs) != 1 \
                or node.outputs.index(outs[0]) != 0:
            return False
        previous = outs
    return net.graph.output.inputs == previous


def write_network(em: Emitter, net: Network, style: str, nested: bool) -> NetCode:
    code = NetCode(net.name, "" if nested and style == "sequential" else class_name(net.name), style,
                   display_name=_snake(net.name))
    _fuse_activations(em, net)
    {"subclassing": _subclassing, "sequential": _sequential, "functional": _functional}[style](em, net, code)
    return code


# --- subclassing ---------------------------------------------------------------------------

def _subclassing(em: Emitter, net: Network, code: NetCode) -> None:
    attrs = Namespace()
    objects = {}
    for module in net.modules.values():
        ctor = em.constructor(net, module)
        if ctor is not None and module.name not in net._fused_into:
            attr = attrs.allocate(module.name)
            objects[module.name] = f"self.{attr}"
            code.layers.append((attr, ctor))
            code.paths[module.name] = attr
    _body(em, net, code, lambda node, module: objects.get(module.name))


def _body(em: Emitter, net: Network, code: NetCode, layer_expr) -> None:
    """Forward statements; a value takes over its input's name when that input is not used again."""
    scope = Namespace()
    names: dict[str, str] = {}
    remaining = _use_counts(net)
    for node in net.graph.nodes:
        if node.op == "input":
            names[node.outputs[0]] = scope.allocate(node.outputs[0])
            code.params.append(names[node.outputs[0]])
            continue
        if node.op == "output":
            results = [names[v] for v in node.inputs]
            code.returns = ", ".join(results)
            continue
        if id(node) in net._skipped:
            remaining[node.inputs[0]] -= 1
            names[node.outputs[0]] = names[node.inputs[0]]
            continue
        args = [names[v] for v in node.inputs]
        for v in node.inputs:
            remaining[v] -= 1
        expr = _node_expr(em, net, node, args, layer_expr)
        outs = [v for v in node.outputs if v]
        free = [v for v in node.inputs if remaining[v] == 0 and not _live_alias(v, names, remaining)
                and not (code.style == "functional" and names[v] in code.params)]
        if len(node.outputs) == 1 and free:
            names[node.outputs[0]] = names[free[0]]
        else:
            for v in outs:
                names[v] = scope.allocate(v)
        target = ", ".join(names[v] if v else "_" for v in node.outputs) if len(node.outputs) > 1 else names[outs[0]]
        code.body.append(f"{target} = {expr}")


def _live_alias(value: str, names: dict, remaining: dict) -> bool:
    """Another value still to be used shares this local name."""
    return any(u != value and n == names[value] and remaining.get(u, 0) > 0 for u, n in names.items())


def _node_expr(em, net, node: Node, args, layer_expr) -> str:
    if node.op == "constant":
        return literal(node.attrs.get("value"))
    if node.op == "call_op":
        return em.function_call(net, node, registry.kind(node.target), node.attrs, args, node)
    module = net.modules[node.target]
    obj = layer_expr(node, module)
    if obj is None:
        return em.function_call(net, node, registry.kind(module.kind), module.attrs, args, module)
    if len([v for v in node.outputs if v]) > 1 or (node.outputs and node.outputs[0] == ""):
        kind = registry.kind(module.kind)
        raise NnportError(f"{kind.name} {module.name!r}: using its outputs {kind.outputs} needs the recurrent "
                          f"outputs hook, which this entry lacks", module.loc)
    return f"{obj}({', '.join(args)})"


def _use_counts(net: Network) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in net.graph.nodes:
        for v in node.inputs:
            counts[v] = counts.get(v, 0) + 1
    return counts


# --- sequential ----------------------------------------------------------------------------

def _sequential(em: Emitter, net: Network, code: NetCode) -> None:
    names = Namespace()
    for index, node in enumerate(n for n in net.graph.nodes if n.op in ("call_module", "call_op")):
        if id(node) in net._skipped:
            continue
        keras_name = names.allocate(_layer_name(net, node)) if em.dialect.names_layers else None
        item = _sequential_item(em, net, node, keras_name)
        position = keras_name if keras_name else str(len(code.items))
        if node.op == "call_module":
            code.paths[node.target] = position
        code.items.append(item)
    if em.dialect.target == "keras" and not code.class_name == "":
        shape = _input_shape(net)
        if shape is not None:
            code.items.insert(0, f"keras.Input(shape={literal(shape)})")


def _sequential_item(em, net, node: Node, keras_name):
    if node.op == "call_module":
        ctor = em.constructor(net, net.modules[node.target], keras_name)
        if ctor is not None:
            return ctor
        kind, attrs, where = registry.kind(net.modules[node.target].kind), net.modules[node.target].attrs, net.modules[node.target]
    else:
        kind, attrs, where = registry.kind(node.target), node.attrs, node
        layer = kind.spelling(em.dialect.target, "layer")
        if layer is not None:
            values = em._values(kind, layer, attrs, net, node, where)
            from .spell import arguments, local_name
            named = f", name={keras_name!r}" if keras_name else ""
            return f"{local_name(layer.name, em.imports)}({arguments(layer, values)}{named})"
    call = em.function_call(net, node, kind, attrs, ["x"], where)
    if em.dialect.target == "torch" and _TORCH_LAMBDA_KEY not in em.helpers:
        em.helpers.append(_TORCH_LAMBDA_KEY)
    named = f", name={keras_name!r}" if keras_name else ""
    return f"{em.dialect.wrap_function('x', call)[:-1]}{named})"


_TORCH_LAMBDA_KEY = "torch-lambda"


def _layer_name(net: Network, node: Node) -> str:
    if node.op == "call_module":
        return identifier(node.target) if not node.target[:1].isdigit() else \
            f"{registry_kind_name(net.modules[node.target])}_{node.target}"
    return node.outputs[0]


def registry_kind_name(module) -> str:
    return module.kind


# --- functional (Keras) --------------------------------------------------------------------

def _functional(em: Emitter, net: Network, code: NetCode) -> None:
    names = Namespace()
    objects = {}
    for module in net.modules.values():
        if module.name in net._fused_into:
            continue
        keras_name = names.allocate(identifier(module.name) if not module.name[:1].isdigit()
                                    else f"{module.kind}_{module.name}")
        ctor = em.constructor(net, module, keras_name)
        if ctor is not None:
            objects[module.name] = ctor
            code.paths[module.name] = keras_name
    _body(em, net, code, lambda node, module: objects.get(module.name))
    code.layers = [(p, _input_decl(net, v.outputs[0])) for p, v in zip(code.params, net.graph.inputs)]


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

def _fuse_activations(em: Emitter, net: Network) -> None:
    """Re-fuse ``layer -> activation`` into ``activation=`` when the layer's spelling has a fused
    argument, the intermediate value has one use, and the activation's string needs no argument."""
    net._fused, net._fused_into, net._skipped = {}, set(), set()
    if em.dialect.target != "keras":
        return
    producers, users = net.graph.producers(), net.graph.users()
    calls = {}
    for node in net.graph.nodes:
        if node.op == "call_module":
            calls[node.target] = calls.get(node.target, 0) + 1
    for node in net.graph.nodes:
        if node.op not in ("call_module", "call_op") or len(node.inputs) != 1:
            continue
        kind, attrs = _kind_attrs(net, node)
        string = _activation_string(kind, attrs)
        producer = producers.get(node.inputs[0])
        if string is None or producer is None or producer.op != "call_module" or len(users[node.inputs[0]]) != 1:
            continue
        layer = net.modules[producer.target]
        spelling = registry.kind(layer.kind).spelling("keras", "layer") if layer.kind != "network" else None
        if spelling is None or not spelling.fused_activation or calls[producer.target] != 1 \
                or layer.name in net._fused:
            continue
        net._fused[layer.name] = string
        net._skipped.add(id(node))
        if node.op == "call_module":
            net._fused_into.add(node.target)


def _kind_attrs(net, node):
    if node.op == "call_module":
        module = net.modules[node.target]
        return (None, None) if module.kind == "network" else (registry.kind(module.kind), module.attrs)
    return registry.kind(node.target), node.attrs


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
