"""Which model is the migrated one, and the pivot model around it."""
from __future__ import annotations

from ...errors import NnportError
from ...ir.graph import Network, PivotModel
from .models import Instance, ModelLike
from .networks import input_type
from .values import UserClass, UserFunction


def choose_main(reader, options) -> ModelLike | None:
    """--model (variable, class or builder), else the trained model, else the last one made."""
    if options.model:
        return _named(reader, options.model)
    if isinstance(reader.trained, ModelLike):
        return reader.trained
    if reader.models:
        return reader.models[-1][1]
    classes = [v for v in reader.env.vars.values() if isinstance(v, UserClass) and v.base == "model"]
    if classes:
        return reader.instantiate(classes[-1], None, reader.env)
    builders = [v for v in reader.env.vars.values() if isinstance(v, UserFunction)]
    for builder in reversed(builders):
        made = reader.invoke(builder, _no_arguments(builder), reader.env, builder.node.name)
        if isinstance(made, ModelLike):
            made.var = made.var or builder.node.name
            return made
    return None


def _named(reader, name):
    value = reader.env.get(name, None)
    if isinstance(value, UserClass):
        return reader.instantiate(value, None, reader.env)
    if isinstance(value, UserFunction):
        value = reader.invoke(value, _no_arguments(value), reader.env, name)
    if not isinstance(value, ModelLike):
        raise NnportError(f"--model {name}: no model, Model class or builder function of that name")
    value.var = value.var or name
    return value


def _no_arguments(builder):
    import ast
    return ast.copy_location(ast.Call(ast.Name(builder.node.name, ast.Load()), [], []), builder.node)


def collect(reader, main: ModelLike, model: PivotModel, options) -> None:
    if options.input_shape:
        main.input_shapes = [tuple(options.input_shape)]
        main.network = None if main.network is None else main.network
    name = reader.network_of(main)
    if name is None:
        raise NnportError("the model's network could not be read", main.loc)
    network = reader.networks[name]
    if options.input_shape:
        _override_input(network, options.input_shape)
    order: list[str] = []
    _post_order(reader, name, order)
    for net_name in order:
        reader.mark_token_inputs(reader.networks[net_name])
        model.networks[net_name] = reader.networks[net_name]
    model.main = name
    model.source.style = network.style
    model.source.model_expr = _expression(reader, main)
    model.training = reader.training
    model.datasets = list(reader.datasets)


def _expression(reader, main: ModelLike) -> str:
    """How the executed file reaches the model (for verify): a module-level variable holding
    it, else its builder function or class called with their defaults."""
    held = [k for k, v in reader.env.vars.items() if v is main]
    if held:
        return main.var if main.var in held else held[0]
    maker = reader.env.vars.get(main.var) if main.var else None
    if isinstance(maker, UserFunction):
        return f"{main.var}()"
    return f"{main.cls.node.name}()" if isinstance(main, Instance) else ""


def _override_input(network: Network, shape) -> None:
    first = network.graph.inputs[0].outputs[0]
    current = network.graph.types.get(first)
    network.graph.types[first] = input_type(shape, current.dtype if current else "float32")


def _post_order(reader, name: str, order: list[str]) -> None:
    if name in order:
        return
    for module in reader.networks[name].modules.values():
        if module.kind == "network":
            _post_order(reader, module.attrs["network"], order)
    order.append(name)


__all__ = ["choose_main", "collect", "Instance"]
