"""One network -> its NetCode in the chosen style (subclassing, sequential, functional)."""
from __future__ import annotations

from ..catalog import registry
from ..errors import NnportError
from ..ir.graph import Network, Node
from .emit import Emitter, NetCode
from .fused import NetContext, activation_string, fuse_activations
from .loops import keep_loops
from .naming import Namespace, class_name, identifier
from .result_names import (
    RUNNING,
    Preferred,
    assignment_target,
    name_results,
    use_counts,
)
from .spell import arguments, literal, local_name

TORCH_LAMBDA_KEY = "torch-lambda"


def is_chain(net: Network) -> bool:
    """Every node feeds only the next one (ops included): the network fits a Sequential."""
    return chain_break(net) is None


def chain_break(net: Network) -> str | None:
    """Why ``net`` does not fit a sequential container (None when it does)."""
    if len(net.graph.inputs) != 1 or len(net.graph.output.inputs) != 1:
        return f"it has {len(net.graph.inputs)} inputs and {len(net.graph.output.inputs)} outputs"
    shared = _shared_weights(net)
    if shared:
        return f"layer {shared!r} is applied more than once with its weights, which a sequential container cannot do"
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


def _shared_weights(net: Network) -> str | None:
    """A layer with weights called twice (a tied embedding, also called in reverse)."""
    calls = [n.target for n in net.graph.nodes if n.op == "call_module"]
    return next((t for t in calls if calls.count(t) > 1 and net.modules[t].kind != "network"
                 and registry.kind(net.modules[t].kind).weights is not None), None)


def _describe(net: Network, node: Node) -> str:
    if node.op == "call_module":
        return f"{net.modules[node.target].kind} {node.target!r}"
    return f"op {node.target!r}" if node.op == "call_op" else f"a {node.op} node"


def write_network(em: Emitter, net: Network, style: str, nested: bool) -> NetCode:
    code = NetCode(net.name, "" if nested and style == "sequential" else class_name(net.name, nested), style,
                   display_name=_snake(net.name), base_class=_nested_base(em, nested, style))
    ctx = fuse_activations(em, net)
    {"subclassing": _subclassing, "sequential": _sequential, "functional": _functional}[style](em, ctx, code)
    return code


def _nested_base(em: Emitter, nested: bool, style: str) -> str:
    """A Keras block inside a model is a ``layers.Layer``, as a Keras author writes it (the model
    itself stays a ``keras.Model``: it compiles and fits)."""
    if not (nested and style == "subclassing" and em.dialect.nested_base):
        return ""
    return local_name(em.dialect.nested_base, em.imports)


# --- subclassing ---------------------------------------------------------------------------

def _subclassing(em: Emitter, ctx: NetContext, code: NetCode) -> None:
    net, attrs, objects = ctx.net, Namespace(attributes=em.dialect.reserved_attributes), {}
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
    em.declare_states(net, attrs, code)
    _body(em, ctx, code, lambda node: objects.get(node.target if node.op == "call_module" else id(node)),
          em.dialect.mode_params)
    keep_loops(net, code, em.dialect.target, em.dialect.reserved_attributes)


def _body(em: Emitter, ctx: NetContext, code: NetCode, layer_expr, taken: tuple[str, ...] = ()) -> None:
    """Forward statements; a value takes over its input's name when that input is not used again."""
    net, scope, names, origin = ctx.net, Namespace(taken), {}, {}
    remaining = use_counts(net)
    preferred = Preferred(ctx)
    live: dict[str, None] = {}  # values named and still to be read, in order
    for node in net.graph.nodes:
        if node.op == "input":
            names[node.outputs[0]] = scope.allocate(_parameter_name(net, node, code.style))
            code.params.append(names[node.outputs[0]])
            if remaining.get(node.outputs[0], 0) > 0 or code.style == "functional":
                live[node.outputs[0]] = None
            continue
        if node.op == "output":
            code.returns = ", ".join(names[v] for v in node.inputs)
            _single_argument(em, code, scope)
            continue
        args = [names[v] for v in node.inputs]
        for v in node.inputs:
            remaining[v] -= 1
            if remaining[v] == 0 and not (code.style == "functional" and names[v] in code.params):
                live.pop(v, None)
        if id(node) in ctx.skipped:
            names[node.outputs[0]] = names[node.inputs[0]]
        else:
            expr = _node_expr(em, net, node, args, layer_expr)
            code.body.extend(name_results(code, node, names, live, scope, preferred, origin, remaining))
            code.body.extend(_notes(em, net, node))
            code.body.append(f"{assignment_target(node, names, remaining)} = {expr}")
        live.update((v, None) for v in node.outputs if v and remaining.get(v, 0) > 0)


def _parameter_name(net: Network, node: Node, style: str) -> str:
    """A functional model keeps its input to the end: an input called ``x`` is ``inputs``, as in
    Keras's documentation, so that ``x`` can run through the layers."""
    single = len(net.graph.inputs) == 1
    return "inputs" if style == "functional" and single and node.outputs[0] == RUNNING else node.outputs[0]


def _notes(em: Emitter, net, node: Node) -> list[str]:
    """Comments a layer's spelling writes before its call (``note_to_fw``: why it is written so)."""
    module = net.modules.get(node.target) if node.op == "call_module" else None
    if module is None or module.kind == "network":
        return []
    spelling = registry.kind(module.kind).spelling(em.dialect.target, "layer")
    note = spelling.hooks.get("note_to_fw") if spelling else None
    return [f"# {note(module.attrs)}"] if note else []


def _single_argument(em: Emitter, code: NetCode, scope: Namespace) -> None:
    """A subclassed Keras model takes its inputs as one list (``model([a, b])``), like Keras's own
    functional models do: unpack it first."""
    if em.dialect.target == "keras" and code.style == "subclassing" and len(code.params) > 1:
        code.body.insert(0, f"{', '.join(code.params)} = {scope.allocate('inputs')}")
        code.params = [code.body[0].rpartition(" = ")[2]]


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
    if call is None and module.kind == "network" and len(args) > 1 and em.dialect.target == "keras":
        return f"{obj}([{', '.join(args)}])"  # a generated Keras network takes its inputs as one list
    return f"{obj}({', '.join(args)})" if call is None else call.format(*args, obj=obj, x=", ".join(args))


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
    string = activation_string(kind, attrs) if em.dialect.target == "keras" else None
    if string:  # a layer Keras can save and reload, unlike a Lambda
        return f"{local_name('keras.layers.Activation', em.imports)}({string!r}{named})"
    layers = em.function_as_layers(kind, attrs, net.graph.types.get(node.inputs[0]) if node.inputs else None)
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
    calls = net.call_counts()
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


def _snake(name: str) -> str:
    import re
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", identifier(name)).lower()
