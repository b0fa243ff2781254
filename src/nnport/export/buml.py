"""Pivot model <-> B-UML NN model (``besser.BUML.metamodel.nn``), both ways.

``to_buml`` refuses (NnportError naming the layer) what B-UML cannot state; what it simply
does not carry (types, layout, locations) is listed in docs/buml-mapping.md. B-UML has no
layout: axis numbers are written in PyTorch order (channels first). Every layer keeps our
value names as ``input_var`` / ``output_var``, so ``from_buml`` rebuilds the same graph.
"""
from __future__ import annotations

import keyword
import re

from besser.BUML.metamodel import nn as B

from ..catalog import registry
from ..errors import NnportError
from ..ir.graph import Network, Node, PivotModel, SourceInfo
from ..ir.types import TensorType
from .buml_table import ACTIVATIONS, BY_KIND, LAST_AXIS, TENSOR_OPS
from .buml_read import read_network
from .buml_training import configuration_of, datasets_of, training_of


def to_buml(model: PivotModel) -> B.NN:
    nn = _network(model, model.network)
    nn.configuration = configuration_of(model)
    nn.train_data, nn.test_data = datasets_of(model)
    return nn


def from_buml(nn: B.NN, input_type: TensorType | None = None) -> PivotModel:
    networks, main = {}, read_network(nn, {}, input_type)
    _collect(nn, networks)
    networks[main.name] = main
    training, datasets = training_of(nn)
    return PivotModel(networks, main.name, training, datasets, SourceInfo("", "buml", main.style, "channels_first"))


def _collect(nn: B.NN, networks: dict) -> None:
    for sub in nn.sub_nns:
        _collect(sub, networks)
        networks[sub.name] = read_network(sub, {}, None)


def buml_name(name: str, what: str) -> str:
    """B-UML names are identifiers: Sequential keys "0" become "_0" (and back)."""
    if name.isdigit():
        return f"_{name}"
    if name.isidentifier() and not keyword.iskeyword(name) and not re.fullmatch(r"_\d+", name):
        return name
    raise NnportError(f"B-UML names must be Python identifiers; {what} {name!r} is not one")


def _network(model: PivotModel, net: Network) -> B.NN:
    inputs = net.graph.inputs
    if len(inputs) != 1 or len(inputs[0].outputs) != 1:
        raise NnportError(f"network {net.name!r}: B-UML networks take one input, this one takes {len(inputs)}",
                          net.loc)
    nn = B.NN(buml_name(net.name, "network"), input_var=buml_name(inputs[0].outputs[0], "value"),
              return_vars=", ".join(buml_name(v, "value") for v in net.graph.output.inputs))
    producers = {v: n for n in net.graph.nodes for v in n.outputs if v}
    calls = {}
    for node in net.graph.nodes:
        if node.op == "call_module":
            calls[node.target] = calls.get(node.target, 0) + 1
            if calls[node.target] > 1:
                raise NnportError(f"module {node.target!r} is called twice; B-UML layer reuse is not mapped", node.loc)
            _module_call(model, net, nn, node)
        elif node.op == "call_op":
            nn.add_tensor_op(_tensor_op(net, node, producers))
        elif node.op == "constant":
            raise NnportError(f"network {net.name!r}: B-UML has no constant tensors", node.loc)
    return nn


def _module_call(model: PivotModel, net: Network, nn: B.NN, node: Node) -> None:
    module = net.modules[node.target]
    used = [v for v in node.outputs if v]
    if len(node.inputs) != 1 or len(used) != 1 or node.outputs[0] != used[0]:
        raise NnportError(f"{module.kind} {module.name!r}: B-UML layers take one input and give one result", module.loc)
    if module.kind == "network":
        _sub_network(model, nn, module, node)
        return
    names = {"name": buml_name(module.name, "module"), "input_var": buml_name(node.inputs[0], "value"),
             "output_var": buml_name(used[0], "value")}
    if module.kind in ACTIVATIONS:
        last_axis = LAST_AXIS.get(module.kind)
        _check_fixed(module, ACTIVATIONS[module.kind], (last_axis,))
        if last_axis:
            _check_last_axis(net, module, node, last_axis)
        nn.add_layer(B.GeneralLayer(actv_func=module.kind, **names))
        return
    entry = BY_KIND.get(module.kind)
    if entry is None:
        raise NnportError(f"{module.kind} {module.name!r}: B-UML's NN metamodel has no such layer", module.loc)
    _check_fixed(module, entry.fixed, entry.derived + tuple(f.ours for f in entry.fields))
    values = dict(entry.extra)
    for f in entry.fields:
        values.update(_field_out(net, node, module, f))
    nn.add_layer(getattr(B, entry.cls)(**values, **names))


def _sub_network(model, nn: B.NN, module, node: Node) -> None:
    if node.outputs[0] != module.name:
        raise NnportError(f"sub-network {module.name!r}: B-UML names a sub-network's result after the module; "
                          f"rename %{node.outputs[0]} to %{module.name}", module.loc)
    sub = _network(model, model.networks[module.attrs["network"]])
    sub.name = buml_name(module.name, "module")
    nn.add_sub_nn(sub)


def _check_fixed(module, fixed: dict, mapped: tuple) -> None:
    for name, value in module.attrs.items():
        if name in mapped:
            continue
        if name not in fixed:
            raise NnportError(f"{module.kind} {module.name!r}: B-UML cannot state {name}={value!r}", module.loc)
        if value != fixed[name]:
            raise NnportError(f"{module.kind} {module.name!r}: B-UML only states {name}={fixed[name]!r}, "
                              f"not {value!r}", module.loc)


def torch_roles(t: TensorType) -> tuple[str, ...]:
    """The axis order B-UML (PyTorch) uses for a value: channels right after the batch."""
    if "C" in t.roles and any(r in ("D", "H", "W") for r in t.roles):
        return ("N", "C", *(r for r in t.roles if r not in ("N", "C")))
    return t.roles


def _axis_number(net: Network, node: Node, role, owner: str) -> int:
    t = net.graph.types.get(node.inputs[0])
    if t is None or not isinstance(role, str):
        raise NnportError(f"{owner}: B-UML needs axis numbers; infer shapes first (give --input-shape)")
    return torch_roles(t).index(role)


def _check_last_axis(net, module, node, attr: str) -> None:
    t = net.graph.types.get(node.inputs[0])
    owner = f"{module.kind} {module.name!r}"
    if t is None or _axis_number(net, node, module.attrs.get(attr), owner) != t.rank - 1:
        raise NnportError(f"{owner}: B-UML states it over the last axis (PyTorch order) only", module.loc)


def _field_out(net, node, module, f) -> dict:
    value = module.attrs.get(f.ours)
    if f.theirs == "padding":
        return _padding_out(value, module)
    if registry.kind(module.kind).attr(f.ours).type == "axis":
        return {f.theirs: _axis_number(net, node, value, f"{module.kind} {module.name!r}")}
    return {f.theirs: f.out(value)}


def _padding_out(value, module) -> dict:
    if value in ("valid", "same"):
        return {"padding_type": value, "padding_amount": 0}
    amounts = {side for pair in value for side in pair}
    if len(amounts) != 1:
        raise NnportError(f"{module.kind} {module.name!r}: B-UML pads every side by one amount; "
                          f"per-side padding {value} cannot be stated", module.loc)
    return {"padding_type": "valid", "padding_amount": amounts.pop()}


def _tensor_op(net: Network, node: Node, producers: dict) -> B.TensorOp:
    tns_type = TENSOR_OPS.get(node.target)
    if tns_type is None:
        raise NnportError(f"op {node.target!r}: B-UML has no such tensor op", node.loc)
    sources = [_source_name(net, producers[v], v) for v in node.inputs]
    extra = {}
    if node.target == "concat":
        extra["concatenate_dim"] = _axis_number(net, node, node.attrs.get("axis"), "concat")
    out = node.outputs[0]
    return B.TensorOp(_op_name(net, out), tns_type, layers_of_tensors=sources,
                      output_var=buml_name(out, "value"), **extra)


def _op_name(net: Network, value: str) -> str:
    """A tensor op is named after its result, unless a module already has that name."""
    return buml_name(value if value not in net.modules else f"{value}_op", "value")


def _source_name(net: Network, producer: Node, value: str) -> str:
    """B-UML names a tensor op's inputs by the module producing them (or INPUT)."""
    if producer.op == "input":
        return "INPUT"
    if producer.op == "call_module":
        return buml_name(producer.target, "module")
    return _op_name(net, value)
