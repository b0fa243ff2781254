"""Calls: framework constructors and functions, user functions and classes, layers on tensors.

Every argument is evaluated exactly once (layer objects are created once, in source order,
so automatic names match what Keras gives in a fresh session).
"""
from __future__ import annotations

import ast

from ...catalog import registry
from ...catalog.schema import TRAINING_FAMILIES
from ..common import NotConstant, limits
from ..common.program import ENVIRONMENT_READS, MUTATING_METHODS
from .env import Env
from .builds import static_shape
from .models import FunctionalObj, Instance, ModelLike, SequentialObj
from .statements import Return
from .tfnames import (
    ARRAY_MAKERS,
    KERAS1,
    KERAS1_ARGS,
    KERAS_ALIASES,
    MERGE_FUNCTIONS,
    SHAPE_FUNCTIONS,
    TF_TWINS,
)
from .values import (
    ArrayValue,
    Component,
    DataRef,
    LayerObj,
    Opaque,
    QualName,
    Tensor,
    UserClass,
    UserFunction,
    size_source,
    tensors_in,
)

_BUILTINS = {"len": len, "list": list, "tuple": tuple, "reversed": lambda v: list(reversed(v)),
             "enumerate": lambda v, start=0: list(enumerate(v, start)), "zip": lambda *v: list(zip(*v))}
_QUIET = ("print", "isinstance", "super", "type", "getattr", "hasattr", "setattr", "open", "str")


DATA_FORMAT_CALLS = {"keras.backend.image_data_format", "keras.config.image_data_format"}


# where numpy's drawing functions take the array's shape: (position, keyword)
SIZE_ARGUMENT = {"numpy.random.randint": (2, "size"), "numpy.random.uniform": (2, "size"),
                 "numpy.random.normal": (2, "size"), "numpy.random.random": (0, "size")}


class CallsMixin:
    def call(self, node: ast.Call, env: Env, hint: str = "v"):
        qualified = self.imports.qualify(node.func)
        if qualified:
            return self.framework_call(qualified, node, env, hint)
        if _is_super_init(node.func):
            return self.super_init(node, env)
        if isinstance(node.func, ast.Attribute):
            receiver = self.eval(node.func.value, env)
            return self.method_call(receiver, node.func.attr, node, env, hint)
        return self.call_value(self.eval(node.func, env), node, env, hint)

    def arguments(self, node: ast.Call, env: Env, hint: str = "v") -> dict[int, object]:
        """Each argument expression's value, by id(expr): evaluated once."""
        exprs = list(node.args) + [k.value for k in node.keywords]
        return {id(e): self.eval(e.value if isinstance(e, ast.Starred) else e, env, hint) for e in exprs}

    def call_value(self, callee, node, env, hint):
        if isinstance(callee, UserFunction):
            return self.invoke(callee, node, env, hint)
        if isinstance(callee, UserClass):
            return self.instantiate(callee, node, env)
        if isinstance(callee, QualName):
            return self.framework_call(callee.name, node, env, hint)
        values = self.arguments(node, env, hint)
        if self.consequence(callee, *values.values()):
            return Opaque(None, node, "follows an error reported", failed=True)
        if isinstance(callee, Opaque) and callee.untranslated and any(tensors_in(v) for v in values.values()):
            self.error(callee.node or node, callee.why)  # where it was made: TextVectorization(...)
            return Opaque(None, node, callee.why, failed=True)
        if isinstance(callee, (LayerObj, ModelLike)):
            return self.apply(callee, node, values, hint)
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name in _BUILTINS and node.args and not node.keywords:
            try:
                return _BUILTINS[name](*(values[id(a)] for a in node.args))
            except TypeError:
                pass
        return self.unknown_call(ast.unparse(node.func), node, values)

    def unknown_call(self, name: str, node, values):
        if self.consequence(*values.values()):
            return Opaque(None, node, "follows an error reported", failed=True)
        data = next((v for v in values.values() if isinstance(v, DataRef)), None)
        if data is not None:  # np.expand_dims(x_train, -1): a step of the data pipeline
            if data.part == "x":
                self.custom_step(data, node)
            return data
        framework = name.startswith(("keras.", "tensorflow."))
        if framework and (self.in_forward(None) or any(tensors_in(v) for v in values.values())):
            self.error(node, f"{name}(...) is not translated yet (no catalog entry; see `nnport layers`)")
            return Opaque(None, node, f"{name}(...) is not translated", failed=True)
        if any(tensors_in(v) for v in values.values()) and name not in _QUIET:
            self.error(node, f"{name}(...) is applied to tensors but is not a Keras layer or function nnport "
                             "knows (a third-party or custom function cannot be translated statically)")
        return Opaque(None, node, f"{name}(...) is not evaluated statically")

    # --- framework names ------------------------------------------------------------------

    def framework_call(self, qualified: str, node: ast.Call, env: Env, hint: str):
        node = self.spread_keywords(node, env)
        special = self.special_call(qualified, node, env, hint)
        if special is not NotImplemented:
            return special
        qualified = KERAS_ALIASES.get(qualified, qualified)
        for form in ("layer", "function"):
            found = registry.lookup("keras", form, qualified)
            if found and found[0].family in TRAINING_FAMILIES:
                return self.component(found, node, self.arguments(node, env))
            if found:
                values = self.arguments(node, env, hint)
                if form == "layer":
                    return self.make_layer(found, qualified, node, values)
                return self.function_op(found, node, values, hint)
        return self.unmapped_call(qualified, node, env, hint)

    def spread_keywords(self, node: ast.Call, env: Env) -> ast.Call:
        """``layers.Conv2D(f, 3, **kwargs)`` with ``kwargs`` a dict known here: one keyword per item,
        each read as ``kwargs['use_bias']`` (so a diagnostic names where its value comes from)."""
        if all(k.arg for k in node.keywords):
            return node
        keywords = []
        for k in node.keywords:
            spread = self.eval(k.value, env) if k.arg is None and isinstance(k.value, (ast.Name, ast.Attribute)) else None
            if not (isinstance(spread, dict) and all(isinstance(key, str) for key in spread)):
                keywords.append(k)
                continue
            for key in spread:
                item = ast.copy_location(ast.Subscript(k.value, ast.Constant(key), ast.Load()), k.value)
                keywords.append(ast.copy_location(ast.keyword(key, ast.fix_missing_locations(item)), k.value))
        return ast.copy_location(ast.Call(node.func, node.args, keywords), node)

    def special_call(self, qualified, node, env, hint):
        short = qualified.rsplit(".", 1)[-1]
        if qualified in DATA_FORMAT_CALLS:  # if K.image_data_format() == "channels_first": ...
            self.warning(node, f"{ast.unparse(node)} is read as 'channels_last', Keras's default")
            return "channels_last"
        if qualified == "keras.Sequential":
            return self.make_sequential(node, self.arguments(node, env))
        if qualified == "keras.Model":
            return self.make_functional(node, self.arguments(node, env))
        if qualified in ("keras.layers.Input", "keras.layers.InputLayer"):
            return self.make_input(qualified, node, env, hint)
        if qualified == "keras.layers.Activation":
            return self.make_activation_layer(node, self.arguments(node, env))
        if qualified == "keras.layers.Lambda":
            self.error(node, f"Lambda layer runs arbitrary Python ({ast.unparse(node.args[0]) if node.args else '?'}); "
                             "it cannot be translated statically: write it as a layer or keras.ops calls")
            return Opaque(None, node, "Lambda layer")
        if qualified.startswith("keras.layers.") and short in KERAS1 and \
                (qualified not in KERAS_ALIASES or any(k.arg in KERAS1_ARGS for k in node.keywords)):
            self.error(node, f"{short} is Keras 1 API, removed from Keras 2 and 3; write {KERAS1[short]}")
            return Opaque(None, node, "Keras 1 API")
        if qualified.startswith("keras.layers.") and short in MERGE_FUNCTIONS:
            return self.merge_function(qualified, short, node, env, hint)
        if qualified in TF_TWINS:
            return self.tf_twin(qualified, node, env, hint)
        if qualified in ARRAY_MAKERS and self.in_forward(env) and ".random" in qualified:
            return self.random_draw(qualified, node, env, hint)
        if qualified in ARRAY_MAKERS:
            return self.make_array(qualified, node, env)
        if qualified in SHAPE_FUNCTIONS:  # ops.shape(x): the sizes shape inference gives x here
            values = self.arguments(node, env)
            return static_shape(self, values[id(node.args[0])] if node.args else None, node)
        if qualified.startswith("math.") or qualified in ENVIRONMENT_READS:
            try:
                return self.constant(node, env)
            except NotConstant as exc:
                return Opaque(None, node, exc.why)
        return self.data_call(qualified, node, env, hint)

    def unmapped_call(self, qualified, node, env, hint):
        values = self.arguments(node, env, hint)
        if qualified.startswith("keras.layers."):  # an error where the model uses it (not a data-only layer)
            return Opaque(None, node, f"{qualified.rsplit('.', 1)[-1]} is not a Keras layer nnport translates "
                                      "(not in the catalog)", untranslated=True)
        if qualified.startswith(("keras.optimizers.", "keras.losses.", "keras.callbacks.", "keras.metrics.")):
            return Opaque(None, node, "a training component nnport does not translate (not in the catalog)")
        return self.unknown_call(qualified, node, values)

    def tf_twin(self, qualified, node, env, hint):
        twin, renames = TF_TWINS[qualified]
        found = registry.lookup("keras", "function", twin)
        if found is None:
            return self.unknown_call(qualified, node, self.arguments(node, env, hint))
        keywords = [ast.keyword(renames.get(k.arg, k.arg), k.value) for k in node.keywords]
        renamed = ast.copy_location(ast.Call(node.func, node.args, keywords), node)
        return self.function_op(found, renamed, self.arguments(renamed, env, hint), hint)

    def merge_function(self, qualified, short, node, env, hint):
        """``concatenate([a, b], axis=1)``: Keras creates a Concatenate layer and calls it."""
        layer_name = f"keras.layers.{MERGE_FUNCTIONS[short]}"
        found = registry.lookup("keras", "layer", layer_name)
        if found is None or not node.args:
            made = self.unmapped_call(layer_name, node, env, hint)
            if isinstance(made, Opaque) and made.untranslated:  # made and applied here: the error is here
                self.error(node, made.why)
                made.failed = True
            return made
        ctor = ast.copy_location(ast.Call(node.func, node.args[1:], node.keywords), node)
        layer = self.make_layer(found, layer_name, ctor, self.arguments(ctor, env))
        inputs = ast.copy_location(ast.Call(node.func, node.args[:1], []), node)
        return self.apply(layer, inputs, self.arguments(inputs, env), hint)

    def random_draw(self, qualified, node, env, hint):
        """``keras.random.normal(shape=(batch, dim))`` in call(), the shape being a tensor's
        (``tf.shape(z_mean)[0]``, ...): a draw like that tensor (the reparameterisation trick)."""
        found = next(((k, s) for k in registry.kinds() for s in k.spellings  # written, not read generically
                      if s.framework == "keras" and s.name == qualified), None)
        values = self.arguments(node, env, hint)
        given = {k.arg: values[id(k.value)] for k in node.keywords}
        shape = values[id(node.args[0])] if node.args else given.pop("shape", None)
        like = _shape_of_one_tensor(shape)
        if found is None or like is None:
            self.error(node, f"{qualified}(...) in call() draws new random numbers at every call (a sampling "
                             "layer) with a shape that is not a tensor's (write it as keras.ops.shape(x)); not "
                             "translated")
            return Opaque(None, node, "random numbers drawn in call()", failed=True)
        kind, spelling = found
        attrs = {arg.attr: given.pop(arg.name) for arg in spelling.args if arg.name in given}
        for name in set(given) - {"dtype"}:
            self.error(node, f"argument {name}= of {qualified} is not translated")
        return self.tensor_op(kind.name, [like], attrs, node, hint)

    def make_array(self, qualified, node, env):
        try:
            position, keyword = SIZE_ARGUMENT.get(qualified, (0, "shape"))
            given = next((k.value for k in node.keywords if k.arg == keyword), None)
            expr = given if given is not None else node.args[position] if len(node.args) > position else None
            shape = self.constant(expr, env) if expr is not None else ()
            dims = tuple(shape) if isinstance(shape, (list, tuple)) else (shape,)
            if qualified.endswith(("rand", "randn")):
                dims = tuple(self.constant(a, env) for a in node.args)
            dtype = "int32" if qualified.endswith("randint") else "float32"
            return ArrayValue(dims, dtype)
        except Exception:  # noqa: BLE001 - a shape nnport cannot compute
            return Opaque(None, node, "array shape not known statically")

    # --- methods --------------------------------------------------------------------------

    def method_call(self, receiver, method: str, node, env, hint):
        if isinstance(receiver, Instance) and method in receiver.attrs:  # self.conv1(x)
            return self.call_value(receiver.attrs[method], node, env, hint)
        helper = self.user_method(receiver, method)
        if helper is not None:  # self._make_stage(...), a method of the file's class
            return self.invoke(helper[0], node, env, hint, first=helper[1])
        if isinstance(receiver, ModelLike):
            return self.model_method(receiver, method, node, env, hint)
        if isinstance(receiver, DataRef):
            return self.data_method(receiver, method, node, env)
        if isinstance(receiver, (list, dict, set)) and method in MUTATING_METHODS and hasattr(receiver, method):
            return self.mutate(receiver, method, node, env, hint)
        if isinstance(receiver, ArrayValue) and method == "reshape":
            return ArrayValue(tuple(self.constant(a, env) for a in node.args), receiver.dtype)
        if isinstance(receiver, Tensor):
            self.error(node, f"tensor method .{method}() is not translated; use keras.ops.{method}(...)")
            return Opaque(None, node, "tensor method")
        return self.unknown_call(ast.unparse(node.func), node, self.arguments(node, env, hint))

    def mutate(self, receiver, method, node, env, hint):
        """``layers.append(...)``, ``config.update(overrides)``: done on the value read statically;
        refused where an argument is not known (the value would silently stay as it was)."""
        values = self.arguments(node, env, hint)
        args = [values[id(a)] for a in node.args]
        kwargs = {k.arg: values[id(k.value)] for k in node.keywords if k.arg is not None}
        unknown = [v for v in [*args, *kwargs.values()] if isinstance(v, Opaque)]
        if unknown and not (isinstance(receiver, list) and method in ("append", "insert")):
            self.error(node, f"{ast.unparse(node)} changes {ast.unparse(node.func.value)} with a value not known "
                             f"statically ({unknown[0].why})")
            return Opaque(None, node, "changed with an unknown value", failed=True)
        try:
            return getattr(receiver, method)(*args, **kwargs)
        except (TypeError, ValueError, KeyError, IndexError) as exc:
            self.error(node, f"{ast.unparse(node)} fails in Python: {exc}")
            return Opaque(None, node, "failed", failed=True)

    # --- user code ------------------------------------------------------------------------

    def invoke(self, function: UserFunction, node, env, hint, first=()):
        values = self.arguments(node, env, hint)
        call_env = function.env.child()
        self.bind_parameters(function.node, node, values, call_env, skip=len(first), first=first)
        if self.depth > 50:
            self.error(node, f"{function.node.name}() recurses too deeply to follow statically")
            return Opaque(None, node)
        self.depth += 1
        try:
            self.run_block(function.node.body, call_env)
        except Return as result:
            return result.value
        finally:
            self.depth -= 1
        return None

    def bind_parameters(self, fn: ast.FunctionDef, node, values, env, skip: int = 0, first=()):
        params = fn.args.posonlyargs + fn.args.args
        defaults = dict(zip([p.arg for p in params][len(params) - len(fn.args.defaults):], fn.args.defaults))
        defaults.update({p.arg: d for p, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is not None})
        positional = [values[id(a)] for a in node.args] if node else []
        given = dict(zip([p.arg for p in params[skip:]], positional))
        spread_unknown = None  # f(**kwargs) with kwargs not known statically
        for k in node.keywords if node else ():
            if k.arg:
                given[k.arg] = values[id(k.value)]
            elif isinstance(values[id(k.value)], dict):  # build(alpha=0.5, **kwargs): forwarded keywords
                given.update(values[id(k.value)])
            else:
                spread_unknown = k.value
        for name, value in zip([p.arg for p in params], first):
            given[name] = value
        names = [p.arg for p in params + fn.args.kwonlyargs]
        for p in params + fn.args.kwonlyargs:
            if p.arg in given:
                env.set(p.arg, given[p.arg])
            elif spread_unknown is not None:
                env.set(p.arg, Opaque(p.arg, spread_unknown, f"parameter {p.arg!r} may come from "
                                                             f"**{ast.unparse(spread_unknown)}, not known statically"))
            elif p.arg in defaults:
                env.set(p.arg, self.eval(defaults[p.arg], env.parent))
            elif node is None:  # the class chosen as the model, never built by the file: a size of that name
                env.set(p.arg, self.opens.parameter(p.arg, _owner(fn, env), fn))
            else:
                env.set(p.arg, Opaque(p.arg, fn, f"parameter {p.arg!r} has no value statically"))
        extra = {k: v for k, v in given.items() if k not in names}
        if fn.args.vararg is not None:
            env.set(fn.args.vararg.arg, tuple(positional[len(params) - skip:]))
        if fn.args.kwarg is not None:
            env.set(fn.args.kwarg.arg, extra)
        elif extra and node is not None:
            self.error(node, f"{fn.name}() has no parameter {next(iter(extra))!r}")

    def instantiate(self, cls: UserClass, node, env):
        values = self.arguments(node, env) if node is not None else {}
        instance = Instance(self.auto_name(cls.node.name), self.loc(node or cls.node), cls=cls)
        init = self.method_of(cls, "__init__")
        if init is not None:
            init_env = init[1].env.child()
            self.bind_parameters(init[0], node, values, init_env, skip=1, first=(instance,))
            instance.env = init_env
            with limits.nested(node or cls.node, f"{cls.node.name}()"):
                try:
                    self.run_block(init[0].body, init_env)
                except Return:
                    pass
        return instance

    def super_init(self, node: ast.Call, env: Env):
        """``super().__init__([layers...])`` in a keras.Sequential subclass gives the instance its
        layers (the Sequential's name is the instance's: Keras names it after the class)."""
        instance = env.get("self", None)
        values = self.arguments(node, env)
        if isinstance(instance, Instance) and self.derives_sequential(instance.cls):
            instance.sequential = SequentialObj(instance.name, instance.loc, given_name=True)
            self.fill_sequential(instance.sequential, node, values)
        elif any(tensors_in(v) for v in values.values()):
            self.error(node, "super().__init__(...) with tensors is read only in a keras.Sequential subclass")

    def derives_sequential(self, cls: UserClass) -> bool:
        for base in cls.node.bases:
            parent = self.eval(base, cls.env) if isinstance(base, ast.Name) else None
            if self.imports.qualify(base) == "keras.Sequential" or (
                    isinstance(parent, UserClass) and self.derives_sequential(parent)):
                return True
        return False

    def user_method(self, receiver, name: str):
        """(function, bound first arguments) for a method of the file's class that is not one Keras
        calls itself (call, build): an instance method gets the instance, a classmethod the class."""
        cls = receiver.cls if isinstance(receiver, Instance) else receiver if isinstance(receiver, UserClass) else None
        found = self.method_of(cls, name) if cls is not None and name not in _KERAS_METHODS else None
        if found is None:
            return None
        fn, owner = found
        decorators = {d.id for d in fn.decorator_list if isinstance(d, ast.Name)}
        first = () if "staticmethod" in decorators else (cls,) if "classmethod" in decorators else \
            (receiver,) if isinstance(receiver, Instance) else None
        return None if first is None else (UserFunction(fn, owner.env), first)

    def method_of(self, cls: UserClass, name: str):
        """(FunctionDef, defining class) for a method, following user base classes."""
        for stmt in cls.node.body:
            if isinstance(stmt, ast.FunctionDef) and stmt.name == name:
                return stmt, cls
        for base in cls.node.bases:
            parent = self.eval(base, cls.env)
            if isinstance(parent, UserClass):
                return self.method_of(parent, name)
        return None

    def class_base(self, stmt: ast.ClassDef, env):
        for base in stmt.bases:
            qualified = self.imports.qualify(base)
            if qualified in ("keras.Model", "keras.Sequential"):
                return "model"
            if qualified in ("keras.layers.Layer", "keras.Layer"):
                return "layer"
            parent = env.get(base.id, None) if isinstance(base, ast.Name) else None
            if isinstance(parent, UserClass):
                return parent.base
        return None


_KERAS_METHODS = ("__init__", "call", "build", "get_config", "compute_output_shape", "__call__")


def _owner(fn: ast.FunctionDef, env) -> str:
    """The class whose ``__init__`` ``fn`` is (its instance is ``self``), else the function."""
    owner = env.get("self", None)
    return owner.cls.node.name if isinstance(owner, Instance) and owner.cls is not None else fn.name


def _is_super_init(func) -> bool:
    return (isinstance(func, ast.Attribute) and func.attr == "__init__" and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name) and func.value.func.id == "super")


__all__ = ["CallsMixin", "Component", "FunctionalObj", "SequentialObj"]


def _shape_of_one_tensor(shape):
    """The tensor whose whole shape ``shape`` is (``ops.shape(x)``, or its sizes in order), else None."""
    if not isinstance(shape, (tuple, list)) or not shape:
        return None
    sources = [size_source(size) for size in shape]
    if None in sources or len({id(t) for t, _, _ in sources}) != 1 or sources[0][2] != len(shape) \
            or [a for _, a, _ in sources] != list(range(len(shape))):
        return None
    return sources[0][0]
