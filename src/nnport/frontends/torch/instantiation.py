"""Evaluating the model object the file builds: ``Net(num_classes=5)``, ``resnet18()``,
``model = nn.Sequential(...)``, with the constants the surrounding code gives.
"""
from __future__ import annotations

import ast
import copy
from types import SimpleNamespace
from typing import Any

from ..common import NotConstant, Scope, evaluate
from ..common.program import changed_names
from .constructors import Constructors
from .open_sizes import (
    expression_with,
    open_arguments,
    required_parameters,
    structure_refusal,
)
from .selection import requested_call
from .source import SourceFile
from .values import Instance, Untranslatable


def build_model_value(src: SourceFile, constructors: Constructors, choice: tuple) -> Any:
    form, name = choice[:2]
    if form == "call":  # --model 'Net(upscale_factor=3)', evaluated with the module's constants
        return constructors.value(requested_call(name), _scope(src, constructors))
    if form == "sequential":
        assign, function = _find(src, lambda n: isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
                                 and n.targets[0].id == name and isinstance(n.value, ast.Call))
        return constructors.value(assign.value, _local_scope(src, constructors, function, assign))
    call, function, made = model_call(src, name)
    if not made:  # never instantiated: the constructor's defaults, an open size for each required one
        call, scope = required_parameters(name, call, _scope(src, constructors), constructors, src)
        constructors.expression = expression_with(call, scope)
        try:
            return constructors.value(call, scope)
        except Untranslatable as exc:
            raise structure_refusal(constructors.opens, exc) from None
    call, scope = open_arguments(call, _local_scope(src, constructors, function, call), constructors, src)
    constructors.expression = expression_with(_flags_spelled(src, call, function) if function else call, scope)
    return constructors.value(call, scope)


def class_expression(value) -> str:
    """``SqueezeNet(version='1_0', num_classes=1000)``: the model's class called with the arguments
    reading bound, where each is a literal; "" otherwise."""
    args = getattr(value, "args", None)
    if not isinstance(value, Instance) or args is None or not all(_literal(v) for v in args.values()):
        return ""
    return f"{value.cls}({', '.join(f'{name}={arg!r}' for name, arg in args.items())})"


def _literal(value) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_literal(v) for v in value)
    return value is None or type(value) in (int, float, str, bool)


def model_expression(src: SourceFile, choice: tuple) -> str:
    """The source text building the model (``AlexNet(num_classes=10)``, ``resnet18()``, the
    Sequential's variable): what verify evaluates in the executed file's namespace."""
    form, name = choice[:2]
    return name if form in ("sequential", "call") else ast.unparse(model_call(src, name)[0])


def _flags_spelled(src: SourceFile, call: ast.Call, function: ast.FunctionDef) -> ast.Call:
    """``Net(args)`` inside ``main()``, ``args`` parsed there: the module has no ``args``, so the
    expression spells the namespace it reads, ``Net(argparse.Namespace(channels=10, ...))``."""
    local = {t.id for n in ast.walk(function) if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    module = next((alias for alias, qualified in src.imports.aliases.items() if qualified == "argparse"), None)
    namespace = f"{module}.Namespace" if module else "__import__('argparse').Namespace"

    class Spell(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            flags = src.constants.values.get(node.id)
            if node.id not in local or not isinstance(flags, SimpleNamespace):
                return node
            items = ", ".join(f"{k}={v!r}" for k, v in vars(flags).items())
            return ast.parse(f"{namespace}({items})", mode="eval").body

    return Spell().visit(copy.deepcopy(call))


def model_call(src: SourceFile, name: str) -> tuple[ast.Call, ast.FunctionDef | None, bool]:
    """(call, function holding it, whether the file makes it): the file's call of the class, or
    of the builder returning it - followed through builders of builders (``vgg16(**kwargs)``
    returning ``_vgg("D", False, **kwargs)`` returning ``VGG(make_layers(cfgs[cfg]), **kwargs)``)
    up to a call the file makes or a builder callable with its defaults; else the class called
    with its defaults."""
    call, function = _find(src, lambda n: isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name)
    if call is None:
        return ast.copy_location(ast.Call(ast.Name(name, ast.Load()), [], []), src.classes[name]), None, False
    seen = set()
    while function is not None and _returns(function, call) and function.name not in seen:
        seen.add(function.name)
        outer_call, outer = _find(src, lambda n, builder=function.name: isinstance(n, ast.Call)
                                  and isinstance(n.func, ast.Name) and n.func.id == builder)
        if outer_call is None:
            if not _callable_with_defaults(function):
                break
            outer_call = ast.copy_location(ast.Call(ast.Name(function.name, ast.Load()), [], []), function)
        call, function = outer_call, outer
    return call, function, True


def _scope(src: SourceFile, constructors: Constructors) -> Scope:
    return Scope(parent=src.constants, fallback=constructors.fallback)


def _local_scope(src, constructors, function: ast.FunctionDef | None, before: ast.AST) -> Scope:
    """What the function (or the module) assigns before the model is built: ``n = 10; model = Net(n)``,
    ``encoder = nn.Sequential(...); model = nn.Sequential(encoder, ...)``."""
    scope = _scope(src, constructors)
    for stmt in function.body if function is not None else src.tree.body:
        if stmt.lineno >= before.lineno:
            break
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            try:
                scope.values[stmt.targets[0].id] = evaluate(stmt.value, Scope(parent=scope))
            except (NotConstant, Untranslatable, TypeError, ValueError, KeyError, IndexError):
                pass
        elif not isinstance(stmt, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
            for name in changed_names(stmt):  # filled by a loop, appended to: no longer what was assigned
                scope.values.pop(name, None)
    return scope


def _find(src: SourceFile, match) -> tuple[Any, ast.FunctionDef | None]:
    """The first matching node outside classes, with the module-level function holding it."""
    for stmt in src.tree.body:
        if isinstance(stmt, ast.ClassDef):
            continue
        for node in ast.walk(stmt):
            if match(node):
                return node, stmt if isinstance(stmt, ast.FunctionDef) else None
    return None, None


def _returns(function: ast.FunctionDef, call: ast.Call) -> bool:
    """``return Net(...)``, or ``model = Net(...)`` ... ``return model``."""
    held = {t.id for n in ast.walk(function) if isinstance(n, ast.Assign) and n.value is call
            for t in n.targets if isinstance(t, ast.Name)}
    return any(isinstance(n, ast.Return) and (n.value is call or isinstance(n.value, ast.Name) and n.value.id in held)
               for n in ast.walk(function))


def _callable_with_defaults(function: ast.FunctionDef) -> bool:
    args = function.args
    return len(args.defaults) == len(args.posonlyargs + args.args) and all(d is not None for d in args.kw_defaults)
