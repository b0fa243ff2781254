"""Building networks: Sequential, functional Model(inputs, outputs), subclass instances.

Input types come from the source (Input(shape=), input_shape=, build(), a dummy call) or
from --input-shape; Keras lays images out channels_last and sequences batch-first.
"""
from __future__ import annotations

import ast
from dataclasses import replace

from ...catalog import registry
from ...ir.graph import Module, Network
from ...ir.sizes import Size
from ...ir.types import channels_last, generic, sequence
from ..common import limits
from .models import FunctionalObj, Instance, ModelLike, SequentialObj
from .statements import Return
from .trace import Trace, extract, unreached
from .values import LayerObj, Opaque, Tensor, tensors_in


def input_type(shape, dtype="float32"):
    """Roles of a Keras input from its rank: (N, C), (N, T) ids, (N, T, C), (N, H, W, C)..."""
    shape = tuple(shape)
    if len(shape) == 2 and dtype.startswith("int"):
        return sequence(shape, dtype)
    if len(shape) == 3:
        return sequence(shape, dtype)
    return channels_last(shape, dtype) if len(shape) in (4, 5) else generic(shape, dtype)


# call() arguments Keras passes itself, by name: read with their inference values
MODE_ARGS = ("training", "mask")


class NetworksMixin:
    def make_sequential(self, node, values):
        given = next((values[id(k.value)] for k in node.keywords if k.arg == "name"), None)
        model = SequentialObj(given if isinstance(given, str) else self.auto_name("Sequential"), self.loc(node),
                              given_name=isinstance(given, str))
        return self.fill_sequential(model, node, values)

    def fill_sequential(self, model: SequentialObj, node, values) -> SequentialObj:
        items = values[id(node.args[0])] if node.args else next(
            (values[id(k.value)] for k in node.keywords if k.arg == "layers"), None)
        if items is not None and not isinstance(items, (list, tuple)):
            self.error(node.args[0] if node.args else node, f"{ast.unparse(node.func)}(...) takes a list of layers")
            items = None
        for item in items or []:
            self.add_to_sequential(model, item, node)
        return model

    def add_to_sequential(self, model: SequentialObj, item, node):
        if isinstance(item, Tensor) and item.trace.types.get(item.value):
            model.input_shapes = [item.trace.types[item.value].shape]
            model.input_dtypes = [item.trace.types[item.value].dtype]
        elif isinstance(item, (LayerObj, ModelLike)):
            model.layers.append(item)
        elif isinstance(item, Opaque) and item.untranslated:
            self.error(item.node or node, item.why)
        elif isinstance(item, Opaque) and not self.reported_at(item.node):  # never dropped unsaid
            self.error(item.node or node, f"Sequential item {item.text} is not known statically: {item.why}")
        elif not isinstance(item, Opaque):  # an Opaque was already reported where it was made
            self.error(node, f"Sequential item {type(item).__name__} is not a layer")

    def make_input(self, qualified, node, env, hint):
        values = self.arguments(node, env)
        get = {k.arg: values[id(k.value)] for k in node.keywords}
        shape = values[id(node.args[0])] if node.args else get.get("shape", get.get("input_shape"))
        if get.get("batch_shape") is not None:
            shape = tuple(get["batch_shape"])[1:]
        dtype = get.get("dtype") if isinstance(get.get("dtype"), str) else "float32"
        shape_expr = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg in
                                                          ("shape", "input_shape")), None)
        shape = self.open_shape(shape, shape_expr, "Input") or shape  # (X.shape[1],): sizes known at run time
        if shape_expr is not None:
            self.dataset_argument(f"{hint or 'input'}_shape", shape, shape_expr)
        known = isinstance(shape, (list, tuple)) and all(isinstance(d, (int, Size, type(None))) for d in shape)
        if not known and isinstance(shape, Opaque) and not shape.failed and isinstance(shape.node, ast.expr):
            self.opens.input_shape(shape.node)  # verify gives the source the shape it verifies with
        if not known:  # x_train.shape[1:]: data loaded at run time; the layers reading it tell the rest
            self.warning(node, f"{ast.unparse(node)}: the shape depends on data loaded at run time; the "
                               "layers reading this input give its rank and the sizes they state "
                               "(give --input-shape to set them)")
        self.auto_name("InputLayer" if qualified.endswith("InputLayer") else "input_layer")
        name = get.get("name") if isinstance(get.get("name"), str) else hint
        return self.functional.input(name, input_type((None, *shape), dtype) if known else None, self.loc(node))

    def make_functional(self, node, values):
        get = {k.arg: values[id(k.value)] for k in node.keywords}
        inputs = values[id(node.args[0])] if node.args else get.get("inputs")
        outputs = values[id(node.args[1])] if len(node.args) > 1 else get.get("outputs")
        ins, outs = tensors_in(inputs), tensors_in(outputs)
        if (not ins or not outs) and self.consequence(inputs, outputs):
            return Opaque(None, node, "follows an error reported", failed=True)
        if not ins or not outs:
            self.error(node, "Model(...) without static input and output tensors (a subclass calls "
                             "super().__init__() without them; a functional model needs both)")
            return Opaque(None, node)
        computed = [t for t in ins if getattr(t.trace.producer(t.value), "op", None) != "input"]
        if computed:  # Keras refuses it too
            self.error(node.args[0] if node.args else node, f"Model(...) input {computed[0].value!r} is computed by a "
                                                            "layer; a functional model's inputs are keras.Input tensors")
            return Opaque(None, node)
        missing = unreached(ins[0].trace, ins, outs)
        for found in missing:
            self.error(node, f"output depends on input {found.outputs[0]!r}, which is not among the model inputs")
        if missing:
            return Opaque(None, node, "a model missing inputs", failed=True)
        name = get.get("name")
        return FunctionalObj(name if isinstance(name, str) else self.auto_name("Functional"), self.loc(node),
                             trace=ins[0].trace, inputs=ins, outputs=outs, given_name=isinstance(name, str))

    # --- networks -------------------------------------------------------------------------

    def network_of(self, model: ModelLike) -> str | None:
        if model.network is None:
            builder = {SequentialObj: self.sequential_network, FunctionalObj: self.functional_network,
                       Instance: self.instance_network}[type(model)]
            model.network = "(building)"
            with limits.nested(model.loc, f"network {self.network_name(model)!r}"):
                network = builder(model)
            model.network = self.register_network(network) if network else None
        return None if model.network == "(building)" else model.network

    def network_name(self, model: ModelLike) -> str:
        if isinstance(model, Instance):
            return model.cls.node.name
        if getattr(model, "given_name", False) or not model.var:
            return model.name
        return model.var

    def sequential_network(self, model: SequentialObj, name: str | None = None) -> Network:
        trace = Trace()
        first = model.layers[0] if model.layers else None
        shape = (model.input_shapes or [None])[0]
        dtype = (model.input_dtypes or ["float32"])[0]
        if shape is None and isinstance(first, LayerObj) and first.input_shape is not None:
            shape = (None, *first.input_shape)
        x = trace.input("inputs", input_type(shape, dtype) if shape else None, model.loc)
        start = x
        for layer in model.layers:
            callee = self.apply_layer if isinstance(layer, LayerObj) else self.apply_model
            x = callee(layer, trace, [x], _at(layer.loc), layer.name)
            if not isinstance(x, Tensor) and self.consequence(x):
                return None  # its errors are reported
            if not isinstance(x, Tensor):
                self.error(_at(layer.loc), f"{layer.name!r} in a Sequential returns several tensors")
                return None
        graph, callees = _extract(trace, [start], [x], model.loc)
        return Network(name or self.network_name(model), self.modules(callees), graph, "sequential", model.loc)

    def functional_network(self, model: FunctionalObj) -> Network:
        graph, callees = _extract(model.trace, model.inputs, model.outputs, model.loc)
        return Network(self.network_name(model), self.modules(callees), graph, "functional", model.loc)

    def instance_network(self, model: Instance) -> Network | None:
        found = self.method_of(model.cls, "call")
        if found is None and model.sequential is not None:
            model.sequential.input_shapes = model.input_shapes or model.sequential.input_shapes
            model.sequential.input_dtypes = model.input_dtypes or model.sequential.input_dtypes
            return self.sequential_network(model.sequential, self.network_name(model))
        if found is None:
            self.error(model.cls.node, f"class {model.cls.node.name} has no call() method")
            return None
        fn, cls = found
        trace = Trace()
        self.name_attributes(trace, model)
        env = cls.env.child()
        env.set("self", model)
        params = (fn.args.posonlyargs + fn.args.args)[1:]
        required = [p.arg for p in params[: len(params) - len(fn.args.defaults)] if p.arg not in MODE_ARGS]
        shapes = model.input_shapes or []
        inputs = []
        for param in required:
            unpacked = _unpacked_names(fn, param) if len(required) == 1 else None
            made = []
            for name in unpacked or [param]:
                i = len(inputs)
                shape = shapes[i] if i < len(shapes) else None
                dtype = (model.input_dtypes or [])[i] if i < len(model.input_dtypes or []) else "float32"
                inputs.append(trace.input(name, input_type(shape, dtype) if shape else None, self.loc(fn)))
                made.append(inputs[-1])
            env.set(param, tuple(made) if unpacked else made[0])
        for p in (p for p in params if p.arg not in required):
            env.set(p.arg, None)  # training / mask: inference behaviour
        self.forward += 1
        try:
            self.run_block(fn.body, env)
            result = None
        except Return as returned:
            result = returned.value
        finally:
            self.forward -= 1
        outputs = tensors_in(result)
        if not outputs and self.consequence(result):
            return None
        if not outputs:
            self.error(fn, f"{cls.node.name}.call() does not return a tensor nnport could follow")
            return None
        graph, callees = _extract(trace, inputs, outputs, self.loc(fn))
        declared = list(dict.fromkeys(trace.module_names.values()))  # the attributes, as __init__ set them
        callees = dict(sorted(callees.items(), key=lambda item: _position(declared, item[0])))
        return Network(self.network_name(model), self.modules(callees), graph, "subclassing", self.loc(cls.node))

    def name_attributes(self, trace: Trace, model: Instance) -> None:
        """In subclassing, a layer's module name is the attribute holding it."""
        for attr, value in model.attrs.items():
            items = value.items() if isinstance(value, dict) else enumerate(value) \
                if isinstance(value, (list, tuple)) else [(None, value)]
            for key, item in items:
                if isinstance(item, (LayerObj, ModelLike)):
                    trace.module_names.setdefault(id(item), attr if key is None else f"{attr}_{key}")

    def modules(self, callees: dict) -> dict[str, Module]:
        modules = {}
        for name, obj in callees.items():
            if isinstance(obj, LayerObj):
                modules[name] = Module(name, obj.kind, dict(obj.attrs), obj.loc)
            else:
                modules[name] = Module(name, "network", {"network": self.network_of(obj)}, obj.loc)
        return modules

    def register_network(self, network: Network) -> str:
        """Sub-networks of one class with equal content share a name; different ones get _2, _3."""
        base, i = network.name, 1
        while network.name in self.networks:
            if _same(self.networks[network.name], network):
                return network.name
            i += 1
            network.name = f"{base}_{i}"
        self.networks[network.name] = network
        return network.name

    def mark_token_inputs(self, network: Network) -> None:
        """An input read by an embedding holds token ids: (N, T) integers."""
        users = network.graph.users()
        for node in network.graph.inputs:
            value = node.outputs[0]
            current = network.graph.types.get(value)
            for user in users.get(value, []):
                module = network.modules.get(user.target) if user.op == "call_module" else None
                if module and self.reads_tokens(module, user.inputs.index(value)) \
                        and current is not None and current.rank == 2:
                    dtype = current.dtype if current.dtype.startswith("int") else "int32"
                    network.graph.types[value] = sequence(current.shape, dtype)

    def reads_tokens(self, module: Module, index: int) -> bool:
        """An embedding, or a network whose input ``index`` holds token ids (marked already: read
        in post-order), as a token-and-position embedding layer."""
        if module.kind != "network":
            return registry.kind(module.kind).family == "embedding"
        inner = self.networks.get(module.attrs["network"])
        if inner is None or index >= len(inner.graph.inputs):
            return False
        found = inner.graph.types.get(inner.graph.inputs[index].outputs[0])
        return found is not None and found.dtype.startswith("int") and found.rank == 2


def _extract(trace: Trace, inputs, outputs, loc):
    """``extract``, with the results of a several-output layer that nothing reads left unnamed
    (``_, h, c = lstm(x)``: the pivot model's "" for an unused output)."""
    graph, callees = extract(trace, inputs, outputs, loc)
    read = {v for n in graph.nodes for v in n.inputs}
    graph.nodes = [replace(n, outputs=[v if v in read else "" for v in n.outputs])
                   if n.op == "call_module" and len(n.outputs) > 1 else n for n in graph.nodes]
    return graph, callees


def _position(order: list[str], name: str) -> int:
    return order.index(name) if name in order else len(order)


def _unpacked_names(fn: ast.FunctionDef, param: str) -> list[str] | None:
    """``a, b = inputs`` first in call(self, inputs): the Keras way to take several inputs, read
    as one network input per unpacked name."""
    first = next((s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))), None)
    if not (isinstance(first, ast.Assign) and len(first.targets) == 1 and isinstance(first.value, ast.Name)
            and first.value.id == param and isinstance(first.targets[0], (ast.Tuple, ast.List))):
        return None
    names = first.targets[0].elts
    return [n.id for n in names] if all(isinstance(n, ast.Name) for n in names) else None


def _at(loc):
    node = ast.Pass()
    node.lineno, node.col_offset = (loc.line, max(loc.col - 1, 0)) if loc else (1, 0)
    return node


def _same(a: Network, b: Network) -> bool:
    def content(n):
        return ([(m.name, m.kind, repr(m.attrs)) for m in n.modules.values()],
                [(x.op, x.target, x.inputs, x.outputs, repr(x.attrs)) for x in n.graph.nodes])
    return content(a) == content(b)
