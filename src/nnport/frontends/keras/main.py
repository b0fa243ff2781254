"""Which model is the migrated one, and the pivot model around it."""
from __future__ import annotations

import ast

from ...errors import NnportError
from ...ir.graph import Network, PivotModel
from ..common.open_values import finish, with_parameters
from .models import Instance, ModelLike
from .networks import input_type
from .trace import Trace
from .values import UserClass, UserFunction


def choose_main(reader, options) -> ModelLike | None:
    """--model (variable, class or builder), else the trained model, else the last one made."""
    if options.model:
        return _named(reader, options.model)
    if isinstance(reader.trained, ModelLike) and _computes(reader, reader.trained):
        return reader.trained
    made = [(var, m) for var, m in reader.models if _computes(reader, m)]
    if made and isinstance(reader.trained, Instance):
        wrapper = reader.trained.cls.node
        others = ", ".join(var for var, _ in made[:-1])
        reader.reporter.warning(f"class {wrapper.name} only trains the models it holds (a train_step, no call()); "
                                f"migrating {made[-1][0]!r}" + (f" (others: {others})" if others else "")
                                + "; choose with --model", reader.loc(wrapper))
    if made:
        return made[-1][1]
    if reader.reporter.errors:  # the file's model could not be made: the errors say why
        return None
    classes = [v for v in reader.env.vars.values() if isinstance(v, UserClass) and v.base == "model"]
    if classes and not _required_init(reader, classes[-1]):
        return _fresh(reader).instantiate(classes[-1], None, reader.env)
    builders = [v for v in reader.env.vars.values() if isinstance(v, UserFunction) and not _required(v.node)]
    for builder in reversed(builders):  # resnet18(**kwargs) rather than ResNet(block, num_blocks)
        made = _fresh(reader).invoke(builder, _no_arguments(builder), reader.env, builder.node.name)
        if isinstance(made, ModelLike):
            made.var = made.var or builder.node.name
            return made
    if classes:  # its required arguments: what reading it says of them
        return _fresh(reader).instantiate(classes[-1], None, reader.env)
    return None


def _computes(reader, model: ModelLike) -> bool:
    """False for a Model subclass without call() (a GAN or VAE wrapper with its own train_step)."""
    return not isinstance(model, Instance) or model.sequential is not None or \
        reader.method_of(model.cls, "call") is not None


def _named(reader, name):
    call = _requested_call(name)
    if call is not None:
        return _called(reader, name, call)
    value = reader.env.get(name, None)
    if isinstance(value, UserClass):
        return _fresh(reader).instantiate(value, None, reader.env)
    if isinstance(value, UserFunction):
        value = _fresh(reader).invoke(value, _no_arguments(value), reader.env, name)
    if not isinstance(value, ModelLike):
        if reader.reporter.errors and value is not None:  # it exists but could not be read: those errors say why
            return None
        raise NnportError(f"--model {name}: no model, Model class or builder function of that name")
    value.var = value.var or name
    return value


def _required(fn) -> str | None:
    """The first parameter of a function that has no default."""
    params = fn.args.posonlyargs + fn.args.args
    required = params[: len(params) - len(fn.args.defaults)]
    required += [p for p, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is None]
    return required[0].arg if required else None


def _required_init(reader, cls: UserClass) -> str | None:
    """The first argument a class's constructor requires (after self)."""
    found = reader.method_of(cls, "__init__")
    if found is None:
        return None
    params = found[0].args.posonlyargs + found[0].args.args
    defaults = len(found[0].args.defaults)
    required = [p.arg for p in params[1: len(params) - defaults]]
    return required[0] if required else None


def _requested_call(text: str) -> ast.Call | None:
    """``--model 'resnet18(num_classes=10)'``: a call of a name of the file, or None."""
    try:
        expr = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        return None
    return expr if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) else None


def _called(reader, text: str, call: ast.Call):
    """The model a call expression builds, read as the file's own code would run it (located at
    the definition of what it calls, for diagnostics)."""
    callee = reader.env.get(call.func.id, None)
    if not isinstance(callee, (UserClass, UserFunction)):
        raise NnportError(f"--model {text}: {call.func.id!r} is not a Model class or builder function of this file")
    held = _held(reader, call)
    if held is not None:  # the file builds it so itself: that model, named as the file names its layers
        return held
    for node in ast.walk(call):
        ast.copy_location(node, callee.node)
    value = _fresh(reader).eval(call, reader.env, call.func.id)
    if not isinstance(value, ModelLike):
        if reader.reporter.errors:
            return None
        raise NnportError(f"--model {text}: {call.func.id}(...) does not return a Keras model", reader.loc(callee.node))
    value.var, value.expr = value.var or call.func.id, text.strip()
    return value


def _held(reader, call: ast.Call) -> ModelLike | None:
    """The model a module-level ``model = <the same call>`` holds (its last assignment)."""
    last = {}
    for stmt in reader.tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            last[stmt.targets[0].id] = stmt.value
    for name, value in last.items():
        held = reader.env.get(name, None)
        if ast.dump(value) == ast.dump(call) and isinstance(held, ModelLike):
            held.var = held.var or name
            return held
    return None


def _fresh(reader):
    """A model the file does not hold in a variable is built after the file has run, with Keras's
    automatic names counted afresh (verify builds it so: its names are the same)."""
    reader.name_uids.clear()
    reader.functional = Trace()  # its layers are new objects: the names used before are free again
    return reader


def _no_arguments(builder):
    return ast.copy_location(ast.Call(ast.Name(builder.node.name, ast.Load()), [], []), builder.node)


def collect(reader, main: ModelLike, model: PivotModel, options) -> None:
    if options.input_shape:
        main.input_shapes = [tuple(options.input_shape)]
        main.network = None if main.network is None else main.network
    name = reader.network_of(main)
    if name is None and reader.reporter.errors:  # the errors reported are why
        raise NnportError("cannot migrate", diagnostics=reader.reporter.diagnostics)
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
    finish(model, reader.opens, reader.reporter)
    model.source.model_expr = with_parameters(_expression(reader, main), model.open_values)
    model.training = reader.training
    model.datasets = list(reader.datasets)
    wrapper = reader.trained
    if isinstance(wrapper, Instance) and wrapper is not main and not _computes(reader, wrapper):
        reader.reporter.warning(f"{wrapper.cls.node.name}.train_step, which trains the models, is not translated: "
                                "the migrated file has the network and no training code", reader.loc(wrapper.cls.node))
        model.training, model.datasets = None, []


def _expression(reader, main: ModelLike) -> str:
    """How the executed file reaches the model (for verify): a module-level variable holding
    it, else its builder function or class called with their defaults."""
    if main.expr:
        return main.expr
    held = [k for k, v in reader.env.vars.items() if v is main]
    if held:
        name = main.var if main.var in held else held[0]
        return _built_in_main_block(reader.tree, name) or name
    maker = reader.env.vars.get(main.var) if main.var else None
    if isinstance(maker, UserFunction):
        return f"{main.var}()"
    return f"{main.cls.node.name}()" if isinstance(main, Instance) else ""


def _built_in_main_block(tree: ast.Module, name: str) -> str | None:
    """``model = Regressor()`` in ``if __name__ == "__main__":``, which verify does not run: the
    call itself, where its arguments are constants."""
    for stmt in tree.body:
        if not (isinstance(stmt, ast.If) and "__main__" in ast.unparse(stmt.test)):
            continue
        for inner in stmt.body:
            if isinstance(inner, ast.Assign) and [ast.unparse(t) for t in inner.targets] == [name] \
                    and isinstance(inner.value, ast.Call) and isinstance(inner.value.func, ast.Name) \
                    and all(_constant(a) for a in [*inner.value.args, *(k.value for k in inner.value.keywords)]):
                return ast.unparse(inner.value)
    return None


def _constant(expr: ast.expr) -> bool:
    try:
        ast.literal_eval(expr)
        return True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


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


__all__ = ["Instance", "choose_main", "collect"]
