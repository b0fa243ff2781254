"""Static execution of constructor code: ``__init__`` bodies, helper functions, module level.

It builds layer objects (values.Layer), containers and instances of the file's network
classes, following loops, comprehensions and ``if`` on constants. Nothing is imported or run:
calls resolve through the catalog (framework layers), the file's own classes and functions.
"""
from __future__ import annotations

import ast
import math
from collections import OrderedDict
from types import SimpleNamespace
from typing import Any

from ...catalog import registry
from ..common import NotConstant, Scope, bind_call, evaluate
from ..common.constants import python
from ..common.traced import Frame
from . import package_api
from .library import clone, library_class
from .source import SourceFile
from .statements import Interpreter, Return
from .tied import TiedWeights
from .values import (TRAINING, ClassRef, FunctionRef, Instance, Layer, LocalFunction, ModuleDict, ModuleList, Sequential, Untranslatable,
                     is_module)

NAMESPACES = {"argparse.Namespace", "types.SimpleNamespace"}
# arguments that do not change what a layer computes
HARMLESS_ARGS = {"inplace", "device"}
CONTAINERS = {
    "torch.nn.Sequential": "_sequential",
    "torch.nn.ModuleList": "_module_list",
    "torch.nn.ModuleDict": "_module_dict",
    "collections.OrderedDict": "_ordered_dict",
}


class Constructors(TiedWeights, Interpreter):
    """Evaluates constructor code; network classes are instantiated by running their __init__."""

    def __init__(self, src: SourceFile):
        super().__init__(src)
        self.depth = 0

    # --- calls -----------------------------------------------------------------------------
    def call(self, node: ast.Call, scope: Scope) -> Any:
        if _is_base_init(node):
            return self.base_init(node, scope)
        qualified = self.src.qualify(node.func)
        if qualified is not None:
            return self.framework_call(qualified, node, scope)
        if isinstance(node.func, ast.Name):
            name = node.func.id
            callee = _lookup(scope, name)
            if isinstance(callee, ClassRef):
                return self.instantiate(callee.name, node, scope)
            if isinstance(callee, LocalFunction):
                return self.call_local(callee, node, scope)
            if isinstance(callee, FunctionRef):  # act = ACTIVATIONS[name]; act()
                return self.framework_call(callee.qualified, node, scope)
            if name in self.src.functions:
                return self.call_function(self.src.functions[name], node, scope)
            if name in self.src.foreign_classes:
                raise Untranslatable(node, f"class {name!r} is not an nn.Module; nnport cannot translate it")
        if isinstance(node.func, ast.Call):  # getattr(nn, rnn_type)(ninp, nhid, ...)
            callee = self.value(node.func, scope)
            if isinstance(callee, FunctionRef):
                return self.framework_call(callee.qualified, node, scope)
        handled, result = package_api.verify_call(node, self.src, lambda expr: self.value(expr, scope))
        if handled:
            return result
        method = self.method_of(node, scope)
        if method is not None:
            args, on_instance = self.method_arguments(method, node, scope)
            if on_instance:
                return self.run_method(method, scope.lookup("self"), args)
            return self.run_function(method, self.src.constants.child(args))
        return self.python_method(node, scope)

    def framework_call(self, qualified: str, node: ast.Call, scope: Scope) -> Any:
        if qualified.startswith("torch.nn.init."):
            self.src.reporter.warning(f"{qualified} is not translated: the target's default initializer is used",
                                      self.src.loc(node))
            return None
        if qualified in CONTAINERS:
            return getattr(self, CONTAINERS[qualified])(node, scope)
        if qualified in NAMESPACES and not node.args:  # Net(argparse.Namespace(hidden=50)): flags by name
            return SimpleNamespace(**{k.arg: self.argument(k.value, k.arg, scope) for k in node.keywords if k.arg})
        identity, value = self.typing_identity(qualified, node, scope)
        if identity:
            return value
        if qualified.startswith("math.") and callable(getattr(math, qualified[5:], None)):
            return python(node, getattr(math, qualified[5:]), *self.positional(node, scope))
        if qualified == "copy.deepcopy" and len(node.args) == 1 and not node.keywords:
            return clone(self.value(node.args[0], scope))
        found = registry.lookup("torch", "layer", qualified)
        if found is None:
            raise Untranslatable(node, self.unknown_message(qualified))
        kind, spelling = found
        if "definition" in spelling.hooks:  # a network of other layers, defined in the catalog
            return self.instantiate(library_class(self.src, spelling, node), node, scope)
        bound = bind_call(spelling, node, lambda expr, arg: self.argument(expr, arg, scope), error=Untranslatable)
        for name, expr in {**bound.operands, **bound.unknown}.items():
            if name not in HARMLESS_ARGS:
                raise Untranslatable(expr, f"{qualified}: argument {name!r} has no translation")
        return Layer(kind, spelling, bound.attrs, self.src.loc(node))

    def unknown_message(self, qualified: str) -> str:
        if registry.lookup("torch", "function", qualified) is not None:  # an op, where layers are made
            return (f"{qualified}(...) in a constructor computes a tensor, not a layer: tensors computed "
                    "there (a sinusoidal position table kept with register_buffer) are not translated; "
                    "learned positions (an nn.Embedding of torch.arange in forward) are")
        if qualified.split(".")[0] == "torch":
            return f"{qualified} is not supported yet (no catalog entry); see `nnport layers`"
        return f"{qualified} comes from a third-party library nnport does not know"

    def argument(self, expr: ast.expr, name: str, scope: Scope) -> Any:
        try:
            return evaluate(expr, scope)
        except NotConstant as exc:
            raise Untranslatable(exc.node, f"argument {name}={ast.unparse(expr)} is not static: {exc.why}") from None

    def positional(self, node: ast.Call, scope: Scope) -> list:
        values = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):  # *planes of an int fails in Python: the source's error
                values.extend(python(arg, list, evaluate(arg.value, scope)))
            else:
                values.append(evaluate(arg, scope))
        return values

    # --- containers ----------------------------------------------------------------------
    def _sequential(self, node, scope):
        args = self.positional(node, scope)
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            items = list(args[0].items())
        else:
            items = [(str(i), a) for i, a in enumerate(args)]
        for name, item in items:
            if not is_module(item):
                raise Untranslatable(node, f"nn.Sequential item {name!r} is not a layer: {item!r}")
            if isinstance(item, (ModuleList, ModuleDict)):  # a container PyTorch cannot call
                raise Untranslatable(node, f"nn.Sequential item {name!r} is an nn.{type(item).__name__}, which "
                                           "has no forward")
        return Sequential(items, self.src.loc(node))

    def _module_list(self, node, scope):
        args = self.positional(node, scope)
        items = python(node, list, args[0]) if args else []
        _only_modules(node, "nn.ModuleList", enumerate(items))
        return ModuleList(items, self.src.loc(node))

    def _module_dict(self, node, scope):
        args = self.positional(node, scope)
        items = python(node, OrderedDict, args[0]) if args else OrderedDict()
        _only_modules(node, "nn.ModuleDict", items.items())
        return ModuleDict(items, self.src.loc(node))

    def _ordered_dict(self, node, scope):
        args = self.positional(node, scope)
        return python(node, OrderedDict, args[0] if args else ())

    # --- the file's classes and functions ----------------------------------------------------
    def instantiate(self, cls: str, node: ast.Call, scope: Scope) -> Instance:
        init = self.find_method(cls, "__init__")
        args = self.bind_arguments(init, node, scope, skip_self=True) if init else {}
        instance = Instance(cls, args, self.src.loc(node), frame=Frame(cls))
        constants = {f"self.{k}": v for k, v in self.src.constants.values[cls].constants}
        instance.scope = Scope({**constants, "self": instance, "self.training": TRAINING}, self.src.constants,
                               fallback=self.fallback)
        if init is not None:
            self.run_method(init, instance, {k: instance.frame.parameter(k, v) for k, v in args.items()})
        return instance

    def run_method(self, fn: ast.FunctionDef, instance: Instance, args: dict) -> Any:
        self.depth += 1
        if self.depth > 40:
            raise Untranslatable(fn, "constructor recursion too deep to evaluate statically")
        owner = next((name for name, cls in self.src.classes.items() if fn in cls.body), instance.cls)
        try:  # __class__: what super() means inside fn, as in Python
            return self.run_function(fn, instance.scope.child({**args, "__class__": owner}))
        finally:
            self.depth -= 1

    def call_function(self, fn: ast.FunctionDef, node: ast.Call, scope: Scope) -> Any:
        return self.run_function(fn, self.src.constants.child(self.bind_arguments(fn, node, scope, skip_self=False)))

    def run_function(self, fn: ast.FunctionDef, scope: Scope) -> Any:
        scope.fallback = self.fallback
        try:
            self.run(fn.body, scope)
        except Return as result:
            return result.value
        return None

    def assign_attribute(self, target: ast.Attribute, value: Any, scope: Scope) -> None:
        self.set_attribute(scope.lookup("self"), target.attr, value, target)

    def set_attribute(self, instance: Instance, attr: str, value: Any, node: ast.AST) -> None:
        if is_module(value):
            self.register_module(instance, attr, value)
            return
        instance.scope.values[f"self.{attr}"] = value
        if value is None:
            instance.modules.pop(attr, None)

    def register_module(self, instance: Instance, name: str, value: Any) -> None:
        """An nn.Sequential subclass runs its modules in the order they were registered, those
        given to its __init__ and those assigned after (``self.norm = nn.BatchNorm2d(c)``)."""
        instance.scope.values[f"self.{name}"] = value
        instance.modules[name] = value
        if instance.chain is not None:
            items = dict(instance.chain.items)
            items[name] = value
            instance.chain.items = list(items.items())

    def base_init(self, node: ast.Call, scope: Scope) -> None:
        """``super().__init__(...)``: runs the base's __init__ when the base is a class of the file."""
        instance = scope.lookup("self")
        cls = self.src.classes[_lookup(scope, "__class__") or instance.cls]
        bases = [b.id for b in cls.bases if isinstance(b, ast.Name) and b.id in self.src.classes]
        init = self.find_method(bases[0], "__init__") if bases else None
        if init is not None:
            self.run_method(init, instance, self.bind_arguments(init, node, scope, skip_self=True))
        elif self.derives_sequential(cls):  # class Model(nn.Sequential): super().__init__(layers...)
            instance.chain = self._sequential(node, scope)
            for name, item in instance.chain.items:
                self.register_module(instance, name, item)
        return None

    def derives_sequential(self, cls: ast.ClassDef) -> bool:
        for base in cls.bases:
            if self.src.qualify(base) == "torch.nn.Sequential":
                return True
            if isinstance(base, ast.Name) and base.id in self.src.classes:
                return self.derives_sequential(self.src.classes[base.id])
        return False

    def do_For(self, stmt: ast.For, scope: Scope) -> None:
        if _iterates_own_modules(stmt.iter):
            self.src.reporter.warning("loop over self.modules() (weight initialisation) is not translated: "
                                      "the target's default initializers are used", self.src.loc(stmt))
            return
        super().do_For(stmt, scope)


def _only_modules(node: ast.Call, container: str, items) -> None:
    for key, item in items:
        if not is_module(item):
            raise Untranslatable(node, f"{container} item {key!r} is not a module: {item!r}")


def _lookup(scope: Scope, name: str) -> Any:
    try:
        return scope.lookup(name)
    except KeyError:
        return None


def _is_base_init(node: ast.Call) -> bool:
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "__init__"):
        return False
    owner = func.value
    return (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super") or \
        (isinstance(owner, ast.Attribute) and owner.attr == "Module")


def _iterates_own_modules(expr: ast.expr) -> bool:
    return (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
            and isinstance(expr.func.value, ast.Name) and expr.func.value.id == "self"
            and expr.func.attr in ("modules", "children", "named_modules", "named_children", "parameters"))


