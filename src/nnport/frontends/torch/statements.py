"""Statement-level static execution shared by constructor code and ``forward``.

Expressions go through the shared constant propagation; what it cannot evaluate (calls,
attributes of objects) comes back through ``fallback`` to the subclass. Control flow is
followed only where it is static: ``if`` on constants, ``for`` over known sequences.
"""
from __future__ import annotations

import ast
import copy
from types import SimpleNamespace
from typing import Any

from ...ir.sizes import OpenSize, Size
from ..common import NotConstant, Scope, evaluate, limits
from . import package_api
from .source import SourceFile, framework_name
from .values import (ClassRef, FunctionRef, Instance, LambdaRef, Layer, LocalFunction, ModuleDict, ModuleList, Sequential,
                     Untranslatable)

# calls for the type checker or TorchScript only: the position of the value they return unchanged
TYPING_IDENTITY = {"typing.cast": 1, "torch.jit.annotate": 1,
                   "torch.autograd.Variable": 0, "torch.autograd.variable.Variable": 0}  # Variable(x) is x


REFLECTION = {"getattr", "hasattr", "isinstance", "setattr"}
_MISSING = object()
_TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "tuple": tuple, "dict": dict}


def _bound(scope: Scope, name: str) -> bool:
    try:
        scope.lookup(name)
        return True
    except KeyError:
        return False


class Return(Exception):
    def __init__(self, value: Any):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class Interpreter:
    def __init__(self, src: SourceFile):
        self.src = src

    # --- expressions ---------------------------------------------------------------------
    def fallback(self, node: ast.expr, scope: Scope) -> Any:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in REFLECTION \
                and not _bound(scope, node.func.id):
            return self.reflection(node, scope)
        if isinstance(node, ast.Call):
            return self.call(node, scope)
        if isinstance(node, ast.Attribute):
            return self.attribute(node, scope)
        if isinstance(node, ast.Lambda):
            return LambdaRef(node, scope)
        if isinstance(node, ast.Name):
            return framework_name(node, self.src)
        raise NotConstant(node, f"{type(node).__name__} expression is not evaluated statically")

    def call(self, node: ast.Call, scope: Scope) -> Any:
        raise NotImplementedError

    def reflection(self, node: ast.Call, scope: Scope) -> Any:
        """``getattr(self, f"layer{i}")``, ``hasattr(block, "expansion")``, ``isinstance(v, int)``
        on values read statically."""
        name = node.func.id
        if name == "isinstance" and len(node.args) == 2:
            names = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
            if not all(isinstance(n, ast.Name) and n.id in _TYPES for n in names):
                raise Untranslatable(node, f"isinstance with {ast.unparse(node.args[1])} is not read statically")
            value = self.value(node.args[0], scope)
            return isinstance(value, tuple(_TYPES[n.id] for n in names))
        args = self.call_positional(node, scope)
        owner, attr = args[0], args[1]
        if isinstance(attr, Size):  # getattr(nn, cell) with a value known only at run time
            raise OpenSize(attr, ast.unparse(node))
        if name == "setattr":  # setattr(self, f"stage{i}", nn.Sequential(...))
            if not (isinstance(owner, Instance) and isinstance(attr, str) and len(args) == 3):
                raise Untranslatable(node, f"{ast.unparse(node)} is not read statically")
            return self.set_attribute(owner, attr, args[2], node)
        found = _MISSING
        if isinstance(owner, Instance):
            found = owner.scope.values.get(f"self.{attr}", owner.modules.get(attr, _MISSING))
        elif isinstance(owner, ClassRef):
            found = dict(owner.constants).get(attr, _MISSING)
        elif isinstance(owner, FunctionRef) and isinstance(attr, str) and attr.isidentifier():
            found = FunctionRef(f"{owner.qualified}.{attr}")  # getattr(nn, rnn_type): a framework name
        elif isinstance(owner, (SimpleNamespace, int, float, str, tuple, list, dict)):
            found = getattr(owner, attr, _MISSING)
        if name == "hasattr":
            return found is not _MISSING
        if found is _MISSING:
            if len(args) > 2:
                return args[2]
            raise Untranslatable(node, f"{ast.unparse(node)}: no attribute {attr!r} read statically")
        return found

    def attribute(self, node: ast.Attribute, scope: Scope) -> Any:
        qualified = self.src.qualify(node)
        if qualified is not None:
            return FunctionRef(qualified)
        owner = evaluate(node.value, scope)
        if isinstance(owner, SimpleNamespace) and hasattr(owner, node.attr):  # argparse flags (defaults)
            return getattr(owner, node.attr)
        if isinstance(owner, ClassRef) and node.attr in dict(owner.constants):
            return owner.attribute(node.attr)
        if isinstance(owner, Instance) and f"self.{node.attr}" in owner.scope.values:
            return owner.scope.values[f"self.{node.attr}"]
        if isinstance(owner, Layer) and node.attr in ("weight", "bias"):  # self.head.weight = self.embed.weight
            raise NotConstant(node, f"{ast.unparse(node)!r} is a layer's parameter: sharing or setting parameters "
                                    "(tied weights) is not translated")
        raise NotConstant(node, f"{ast.unparse(node)!r} is not known statically")

    def value(self, expr: ast.expr, scope: Scope, why: str = "is not static") -> Any:
        try:
            return evaluate(expr, scope)
        except NotConstant as exc:
            raise Untranslatable(exc.node, f"{ast.unparse(expr)} {why}: {exc.why}") from None

    def find_method(self, cls: str, name: str) -> ast.FunctionDef | None:
        """A method of a file class or of its file base classes (nn.Module's own are not)."""
        node = self.src.classes.get(cls)
        while node is not None:
            for stmt in node.body:
                if isinstance(stmt, ast.FunctionDef) and stmt.name == name:
                    return stmt
            bases = [b.id for b in node.bases if isinstance(b, ast.Name) and b.id in self.src.classes]
            node = self.src.classes[bases[0]] if bases else None
        return None

    def method_of(self, node: ast.Call, scope: Scope) -> ast.FunctionDef | None:
        """``self.helper(...)``: a method of the class being evaluated."""
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "self":
            try:
                instance = scope.lookup("self")
            except KeyError:
                return None
            return self.find_method(instance.cls, func.attr) if isinstance(instance, Instance) else None
        return None

    def method_arguments(self, fn: ast.FunctionDef, call: ast.Call, scope: Scope) -> tuple[dict, bool]:
        """(bound arguments, whether it runs on the instance) of ``self.method(...)``: a
        ``@staticmethod`` takes no self, a ``@classmethod`` its class."""
        decorators = {d.id for d in fn.decorator_list if isinstance(d, ast.Name)}
        if "staticmethod" in decorators:
            return self.bind_arguments(fn, call, scope, skip_self=False), False
        args = self.bind_arguments(fn, call, scope, skip_self=True)
        params = fn.args.posonlyargs + fn.args.args
        if "classmethod" in decorators and params:
            args[params[0].arg] = self.src.constants.values[scope.lookup("self").cls]
            return args, False
        return args, True

    def bind_arguments(self, fn: ast.FunctionDef, call: ast.Call, scope: Scope, skip_self: bool) -> dict:
        """Python's argument binding, with defaults evaluated at module level."""
        params = fn.args.posonlyargs + fn.args.args
        params = params[1:] if skip_self else params
        defaults = dict(zip([p.arg for p in params][len(params) - len(fn.args.defaults):], fn.args.defaults))
        defaults.update({a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is not None})
        bound: dict[str, Any] = {}
        positional = self.call_positional(call, scope)
        for param, value in zip(params, positional):
            bound[param.arg] = value
        if len(positional) > len(params):
            if fn.args.vararg is None:
                raise Untranslatable(call, f"{fn.name}() takes {len(params)} arguments, {len(positional)} given")
            bound[fn.args.vararg.arg] = tuple(positional[len(params):])
        extra = {}
        for keyword in call.keywords:
            if keyword.arg is None:
                extra.update(self.value(keyword.value, scope))
            else:
                extra[keyword.arg] = self.call_keyword(keyword, scope)
        names = {p.arg for p in params} | {a.arg for a in fn.args.kwonlyargs}
        for key, value in extra.items():
            if key in names:
                bound[key] = value
            elif fn.args.kwarg is not None:
                bound.setdefault(fn.args.kwarg.arg, {})[key] = value
            else:
                raise Untranslatable(call, f"{fn.name}() has no parameter {key!r}")
        for name in [p.arg for p in params] + [a.arg for a in fn.args.kwonlyargs]:
            if name not in bound:
                if name not in defaults:
                    raise Untranslatable(call, f"{fn.name}() is missing argument {name!r}")
                bound[name] = self.value(defaults[name], self.src.constants, "default is not static")
        if fn.args.vararg is not None:
            bound.setdefault(fn.args.vararg.arg, ())
        if fn.args.kwarg is not None:
            bound.setdefault(fn.args.kwarg.arg, {})
        return bound

    def call_positional(self, call: ast.Call, scope: Scope) -> list:
        values = []
        for arg in call.args:
            if isinstance(arg, ast.Starred):
                values.extend(self.value(arg.value, scope))
            else:
                values.append(self.value(arg, scope))
        return values

    def call_keyword(self, keyword: ast.keyword, scope: Scope) -> Any:
        return self.value(keyword.value, scope)

    def typing_identity(self, qualified: str, node: ast.Call, scope: Scope) -> tuple[bool, Any]:
        """``cast(int, v)`` / ``torch.jit.annotate(List[int], [])``: (True, the value) - they
        compute nothing; (False, None) for any other call."""
        position = TYPING_IDENTITY.get(qualified)
        if position is None:
            return False, None
        given = node.args[position] if len(node.args) > position else next(
            (k.value for k in node.keywords if k.arg in ("val", "the_value", "data")), None)
        if given is None:
            raise Untranslatable(node, f"{qualified}(...) without the value it annotates")
        return True, self.value(given, scope)

    def python_method(self, node: ast.Call, scope: Scope, owner: Any = _MISSING) -> Any:
        """Methods of values built statically: list.append, ModuleList.extend, dict.items ...
        (``owner``: the receiver, when the caller evaluated it already)."""
        func = node.func
        if not isinstance(func, ast.Attribute):
            raise Untranslatable(node, f"call of {ast.unparse(func)} cannot be resolved statically")
        owner = self.value(func.value, scope) if owner is _MISSING else owner
        args = self.call_positional(node, scope)
        name = func.attr
        target = owner.items if isinstance(owner, (ModuleList, ModuleDict)) else owner
        if isinstance(owner, Sequential) and name == "add_module":
            owner.items.append((args[0], args[1]))
            return None
        if isinstance(owner, Sequential) and name == "append":
            owner.items.append((str(len(owner.items)), args[0]))
            return None
        if isinstance(owner, Instance) and name in ("add_module", "register_module"):
            self.register_module(owner, args[0], args[1])
            return None
        if isinstance(target, (list, dict, str, tuple)) and hasattr(target, name):
            kwargs = {}
            for keyword in node.keywords:  # config.update(width=64), d.update(**overrides)
                value = self.call_keyword(keyword, scope)
                kwargs.update(value if keyword.arg is None and isinstance(value, dict) else {keyword.arg: value})
            try:
                return getattr(target, name)(*args, **kwargs)
            except (TypeError, ValueError, KeyError, IndexError) as exc:
                raise Untranslatable(node, f"{ast.unparse(node)} fails in Python: {exc}") from None
        raise Untranslatable(node, f"method {name}() of {type(owner).__name__} is not evaluated statically")

    def register_module(self, instance: Instance, name: str, value: Any) -> None:
        raise Untranslatable(None, "modules can only be registered in constructor code")

    # --- statements ----------------------------------------------------------------------
    def run(self, body: list[ast.stmt], scope: Scope) -> None:
        for stmt in body:
            limits.step(stmt)
            handler = getattr(self, f"do_{type(stmt).__name__}", None)
            if handler is None:
                raise Untranslatable(stmt, f"{type(stmt).__name__.lower()} statement is not supported here")
            try:
                handler(stmt, scope)
            except OpenSize as exc:  # a size known only at run time where its value is needed
                raise Untranslatable(stmt, str(exc)) from None

    def do_Expr(self, stmt: ast.Expr, scope: Scope) -> None:
        if isinstance(stmt.value, ast.Constant) or package_api.unread_statement(stmt, self.src):
            return  # docstring; a package helper called for its effect
        self.value(stmt.value, scope)

    def do_Assign(self, stmt: ast.Assign, scope: Scope) -> None:
        value = self.value(stmt.value, scope)
        for target in stmt.targets:
            self.bind(target, value, scope)

    def do_AnnAssign(self, stmt: ast.AnnAssign, scope: Scope) -> None:
        if stmt.value is not None:
            self.bind(stmt.target, self.value(stmt.value, scope), scope)

    def do_AugAssign(self, stmt: ast.AugAssign, scope: Scope) -> None:
        load = copy.copy(stmt.target)
        load.ctx = ast.Load()
        combined = ast.copy_location(ast.BinOp(load, stmt.op, stmt.value), stmt)
        self.bind(stmt.target, self.value(combined, scope), scope)

    def bind(self, target: ast.expr, value: Any, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            scope.values[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = self.unpack(target, value)
            for element, item in zip(target.elts, items):
                self.bind(element, item, scope)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            self.assign_attribute(target, value, scope)
        elif isinstance(target, ast.Subscript):
            self.assign_item(target, value, scope)
        else:
            raise Untranslatable(target, f"assignment to {ast.unparse(target)} is not supported")

    def assign_item(self, target: ast.Subscript, value: Any, scope: Scope) -> None:
        """``layers[f"fc{i}"] = nn.Linear(...)``, ``sizes[0] = 3``: a dict or list built statically."""
        owner = self.value(target.value, scope)
        if not isinstance(owner, (dict, list)):
            raise Untranslatable(target, f"assignment to {ast.unparse(target)} is not supported")
        key = self.value(target.slice, scope)
        try:
            owner[key] = value
        except (IndexError, KeyError, TypeError) as exc:
            raise Untranslatable(target, f"{ast.unparse(target)} = ... fails in Python: {exc}") from None

    def unpack(self, target: ast.Tuple | ast.List, value: Any) -> list:
        try:
            items = list(value)
        except TypeError:
            raise Untranslatable(target, f"cannot unpack {value!r} into {ast.unparse(target)}") from None
        if len(items) != len(target.elts):
            raise Untranslatable(target, f"{ast.unparse(target)}: {len(items)} values to unpack")
        return items

    def assign_attribute(self, target: ast.Attribute, value: Any, scope: Scope) -> None:
        raise Untranslatable(target, f"assignment to {ast.unparse(target)} is not supported here")

    def set_attribute(self, instance: Instance, attr: str, value: Any, node: ast.AST) -> None:
        raise Untranslatable(node, f"{ast.unparse(node)}: attributes are set only in constructor code")

    def do_For(self, stmt: ast.For, scope: Scope) -> None:
        items = self.value(stmt.iter, scope, "is not a static sequence")
        if isinstance(items, (ModuleList, Sequential)):
            items = [i[1] if isinstance(i, tuple) else i for i in items.items]
        elif isinstance(items, ModuleDict):
            items = list(items.items)
        elif not hasattr(items, "__iter__"):  # what Python would refuse
            raise Untranslatable(stmt.iter, f"for loop over {ast.unparse(stmt.iter)}, which is {items!r}, not a "
                                            "sequence")
        for item in items:
            self.bind(stmt.target, item, scope)
            try:
                self.run(stmt.body, scope)
            except _Continue:
                continue
            except _Break:
                return
        self.run(stmt.orelse, scope)

    def do_If(self, stmt: ast.If, scope: Scope) -> None:
        test = self.value(stmt.test, scope, "is not a static condition")
        try:
            taken = bool(test)
        except Untranslatable as exc:
            raise Untranslatable(stmt.test, f"condition {ast.unparse(stmt.test)}: {exc.message}") from None
        self.run(stmt.body if taken else stmt.orelse, scope)

    def do_While(self, stmt: ast.While, scope: Scope) -> None:
        """``while size > 4: ...`` on values known statically (bounded by the reading's step limit)."""
        while self.condition(stmt.test, scope):
            try:
                self.run(stmt.body, scope)
            except _Continue:
                continue
            except _Break:
                return
        self.run(stmt.orelse, scope)

    def do_Assert(self, stmt: ast.Assert, scope: Scope) -> None:
        """A check on values known statically holds or is reported; one on run-time values is
        the source's own check at run time, not part of the network."""
        try:
            holds = bool(evaluate(stmt.test, scope))
        except (NotConstant, Untranslatable, TypeError, ValueError, KeyError, IndexError):
            return
        if not holds:
            raise Untranslatable(stmt, f"assert {ast.unparse(stmt.test)} fails for the values read")

    def condition(self, test: ast.expr, scope: Scope) -> bool:
        value = self.value(test, scope, "is not a static condition")
        try:
            return bool(value)
        except Untranslatable as exc:
            raise Untranslatable(test, f"condition {ast.unparse(test)}: {exc.message}") from None

    def do_Return(self, stmt: ast.Return, scope: Scope) -> None:
        raise Return(None if stmt.value is None else self.value(stmt.value, scope))

    def do_FunctionDef(self, stmt: ast.FunctionDef, scope: Scope) -> None:
        if stmt.decorator_list:
            raise Untranslatable(stmt, f"decorated local function {stmt.name!r} is not evaluated statically")
        scope.values[stmt.name] = LocalFunction(stmt, scope)

    def call_local(self, fn: LocalFunction, node: ast.Call, scope: Scope) -> Any:
        """A function defined in the code being read, run in a child of the scope it was defined in."""
        local = fn.scope.child(self.bind_arguments(fn.node, node, scope, skip_self=False))
        local.fallback = self.fallback
        try:
            self.run(fn.node.body, local)
        except Return as result:
            return result.value
        return None

    def do_Raise(self, stmt: ast.Raise, scope: Scope) -> None:
        """A ``raise`` reached with the constants known: the code fails there in Python."""
        error = stmt.exc.args[0] if isinstance(stmt.exc, ast.Call) and stmt.exc.args else None
        try:
            message = str(self.value(error, scope)) if error is not None else ast.unparse(stmt.exc or stmt)
        except Untranslatable:
            message = ast.unparse(error)
        raise Untranslatable(stmt, f"the code raises here: {message}")

    def do_Pass(self, stmt, scope) -> None:
        pass

    def do_Break(self, stmt, scope) -> None:
        raise _Break()

    def do_Continue(self, stmt, scope) -> None:
        raise _Continue()

    def do_Import(self, stmt, scope) -> None:
        pass  # imports are resolved for the whole file

    do_ImportFrom = do_Import
