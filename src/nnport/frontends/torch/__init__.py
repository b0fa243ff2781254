"""Static PyTorch frontend: a .py file -> pivot model, without importing or running it."""
from __future__ import annotations

import ast

from ...errors import NnportError, Reporter, SourceLoc
from ...ir.graph import Network, Node, PivotModel, SourceInfo
from ...options import ReadOptions
from ...passes.roles import node_kind, past_elementwise, typing_readers
from ..common import limits
from ..common.open_values import OpenValues, finish
from .constructors import Constructors
from .feeding import fed_batches
from .inputs import input_types, tensor_type
from .instantiation import build_model_value, class_expression, model_expression
from .networks import NetworkBuilder
from .open_sizes import OpenConstructors
from .selection import choose, requested_call
from .source import scan
from .training import TrainingReader
from .values import Instance, Sequential, Untranslatable

__all__ = ["read"]


def read(source: str, path: str, options: ReadOptions, reporter: Reporter) -> PivotModel:
    tree = parse(source, path)
    src = scan(tree, path, reporter)
    model = PivotModel(source=SourceInfo(path, "torch", "", "channels_first"))
    choice = choose(src, options.model)
    if choice is None:
        raise NnportError("no network found (no nn.Module subclass or nn.Sequential model)", SourceLoc(path, 1, 1))
    if choice[0] == "call":  # named after the class or builder it calls
        choice = (choice[0], choice[1], requested_call(choice[1]).func.id)
    opens = OpenValues(path, dict(options.values))
    constructors = OpenConstructors(src, opens)
    with constructors.opened():
        value = _build(src, model, choice, constructors)
    if value is None:
        return _empty(model, choice[-1], path)
    main = model.networks[model.main]
    model.source.style = main.style
    model.source.model_expr = getattr(constructors, "expression", None) or model_expression(src, choice)
    model.class_expr = class_expression(value)
    model.training, model.datasets = TrainingReader(src).read()
    _set_input_types(src, main, choice, options, model)
    finish(model, opens, reporter)
    return model


def parse(source: str, path: str) -> ast.Module:
    return limits.parse(source, path)


def _build(src, model: PivotModel, choice, constructors: Constructors):
    builder = NetworkBuilder(src, model)
    try:
        value = build_model_value(src, constructors, choice)
        if not isinstance(value, (Instance, Sequential)):
            raise Untranslatable(None, f"{choice[1]} does not evaluate to a network")
        model.main = builder.network_of(value, choice[-1])
        return value
    except Untranslatable as exc:
        src.reporter.error(exc.message, src.loc(exc.node) if exc.node is not None else SourceLoc(src.path, 1, 1))
        return None


def _empty(model: PivotModel, name: str, path: str) -> PivotModel:
    """After an error: a network with no layers, so later stages still have a valid model."""
    graph_nodes = [Node("input", outputs=["x"]), Node("output", inputs=["x"])]
    network = Network(name)
    network.graph.nodes = graph_nodes
    model.networks = {name: network}
    model.main = name
    return model


def _set_input_types(src, main: Network, choice, options: ReadOptions, model: PivotModel) -> None:
    names = _model_names(src, choice)
    loader = next((d.loader for d in model.datasets), None) if fed_batches(src, names) else None
    found, origin = input_types(src, main, names, options.input_shape, loader,
                                model.training.batch_steps if model.training else ())
    if not found:
        return
    for node, (shape, dtype) in zip(main.graph.inputs, found):
        kind, attrs = _consumer(main, model, typing_readers(main, node.outputs[0]))
        main.graph.types[node.outputs[0]] = tensor_type(shape, dtype, main, kind, attrs.get("batch_first", True))
        model.input_origins[node.outputs[0]] = origin


def _consumer(net: Network, model: PivotModel, readers) -> tuple[str | None, dict]:
    """The kind and attributes of the first layer or op reading a network input that fixes its
    roles: activations, dropout and elementwise math on the way are walked past."""
    if not readers:
        return None, {}
    kind, attrs = node_kind(net, past_elementwise(net, readers[0], "torch"))
    if kind == "network":
        sub = model.networks[attrs["network"]]
        return _consumer(sub, model, typing_readers(sub, sub.graph.inputs[0].outputs[0]))
    return kind, attrs


def _model_names(src, choice) -> set[str]:
    """Variables holding the model: ``model = Net()``, ``net = resnet18()``, the Sequential itself."""
    name = choice[-1]
    names = {name}
    factories = {f for f, fn in src.functions.items()
                 if any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
                        for n in src.walk(fn))}
    for node in src.walk():
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            callee = func.id if isinstance(func, ast.Name) else None
            if callee in names | factories or (isinstance(func, ast.Attribute) and func.attr == "to"
                                              and isinstance(func.value, ast.Name) and func.value.id in names):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names
