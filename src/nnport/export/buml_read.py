"""B-UML NN model -> pivot network: the reading half of ``nnport.export.buml``.

What B-UML can say that the pivot model cannot is refused with a message naming the
B-UML module (layout flags, layer reuse, recurrent layers until the catalog has them).
"""
from __future__ import annotations

import re

from besser.BUML.metamodel import nn as B

from ..errors import NnportError
from ..ir.graph import Graph, Module, Network, Node
from ..ir.types import TensorType
from .buml_table import ACTIVATIONS, ENTRIES, TENSOR_OPS

_OPS_BACK = {v: k for k, v in TENSOR_OPS.items()}


def our_name(name: str) -> str:
    return name[1:] if re.fullmatch(r"_\d+", name) else name


def read_network(nn: B.NN, _unused: dict, input_type: TensorType | None) -> Network:
    x = nn.input_var or "x"
    state = _State(nn.name, [Node("input", outputs=[x])], {}, {"INPUT": x}, x)
    for module in nn.modules:
        _refuse_flags(nn, module)
        if isinstance(module, B.NN):
            state.call(our_name(module.name), Module(our_name(module.name), "network", {"network": module.name}),
                       [state.previous], our_name(module.name), module.name)
        elif isinstance(module, B.TensorOp):
            _tensor_op(state, module)
        else:
            _layer(state, module)
    outputs = [v.strip() for v in nn.return_vars.split(",")] if nn.return_vars else [state.previous]
    state.nodes.append(Node("output", inputs=outputs))
    types = {x: input_type} if input_type is not None else {}
    style = "sequential" if all(isinstance(m, B.Layer) for m in nn.modules) else "subclassing"
    return Network(nn.name, state.modules, Graph(state.nodes, types), style)


class _State:
    def __init__(self, net, nodes, modules, results, previous):
        self.net, self.nodes, self.modules, self.results, self.previous = net, nodes, modules, results, previous

    def call(self, target, module, inputs, out, buml_name):
        if module is not None:
            self.modules[module.name] = module
        self.nodes.append(Node("call_module", target, inputs, [out]))
        self.results[buml_name], self.previous = out, out

    def source(self, layer) -> str:
        if layer.input_var:
            return layer.input_var
        if layer.name_module_input:
            return self.results[layer.name_module_input]
        return self.previous


def _refuse_flags(nn: B.NN, module) -> None:
    where = f"B-UML network {nn.name!r}, {type(module).__name__} {module.name!r}"
    if getattr(module, "permute_in", False) or getattr(module, "permute_out", False):
        raise NnportError(f"{where}: permute_in/permute_out layout flags are not mapped; the pivot model states "
                          f"layout through its value types")
    if getattr(module, "is_layer_call", False):
        raise NnportError(f"{where}: layer reuse (is_layer_call) is not mapped")


def _tensor_op(state: _State, op: B.TensorOp) -> None:
    kind = _OPS_BACK.get(op.tns_type)
    if kind is None:
        raise NnportError(f"B-UML tensor op {op.name!r}: {op.tns_type!r} has no pivot kind here "
                          f"(mapped: {', '.join(sorted(_OPS_BACK))})")
    names = op.layers_of_tensors or ([op.input_var] if op.input_var else [state.previous])
    if any(not isinstance(n, str) for n in names):
        raise NnportError(f"B-UML tensor op {op.name!r}: scalar operands are not mapped")
    inputs = [state.results.get(n, n) for n in names]
    attrs = {"axis": op.concatenate_dim} if kind == "concat" else {}
    out = op.output_var or op.name
    state.nodes.append(Node("call_op", kind, inputs, [out], attrs))
    state.results[op.name], state.previous = out, out


def _layer(state: _State, layer) -> None:
    name, source = our_name(layer.name), state.source(layer)
    out = layer.output_var or layer.name
    if type(layer) is B.GeneralLayer:
        state.call(name, _activation(name, layer.actv_func), [source], out, layer.name)
        return
    entry = _entry(layer)
    attrs = {**entry.fixed}
    for f in entry.fields:
        attrs.update(_field_back(layer, f, entry))
    fused = layer.actv_func
    state.call(name, Module(name, entry.kind, attrs), [source], out if not fused else f"{out}_pre", layer.name)
    if fused:  # B-UML fuses activations into layers; the pivot model gives them their own node
        act = f"{name}_{fused}"
        state.call(act, _activation(act, fused), [state.previous], out, layer.name)


def _activation(name: str, actv: str | None) -> Module:
    if actv not in ACTIVATIONS:
        raise NnportError(f"B-UML layer {name!r}: activation {actv!r} is not one of {', '.join(ACTIVATIONS)}")
    return Module(name, actv, dict(ACTIVATIONS[actv]))


def _entry(layer):
    cls = type(layer).__name__
    for entry in ENTRIES:
        if entry.cls == cls and all(getattr(layer, k, v) == v for k, v in entry.extra.items() if k != "end_dim"):
            return entry
    raise NnportError(f"B-UML layer {layer.name!r}: {cls} has no pivot kind mapped here")


def _field_back(layer, f, entry) -> dict:
    if f.theirs == "padding":
        return {"padding": _padding_back(layer)}
    value = getattr(layer, f.theirs)
    return {} if value is None and f.ours in ("in_channels", "in_features", "num_features") else {f.ours: f.back(value)}


def _padding_back(layer):
    if layer.padding_type == "same":
        return "same"
    amount = layer.padding_amount or 0
    return "valid" if amount == 0 else tuple((amount, amount) for _ in layer.kernel_dim)
