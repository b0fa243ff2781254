"""Open sizes in PyTorch files: module-level names computed from data, arguments of the model's
call that static reading cannot evaluate, and required parameters of a class the file never
builds, read as named sizes (``common/open_values.py``).
"""
from __future__ import annotations

import ast
from contextlib import contextmanager

from ...ir.sizes import Size, deciding_parameter
from ..common import NotConstant, Scope, evaluate
from ..common.open_values import OpenValues, module_bindings
from .constructors import Constructors
from .source import SourceFile
from .values import Untranslatable

PLACEHOLDER = "__nnport_open_{}"
_ABSENT = object()


class OpenConstructors(Constructors):
    """Constructor code where a module-level name the file computes at run time reads as a size
    (while ``opened()`` holds: the model's construction, not the training code's reading)."""

    def __init__(self, src: SourceFile, opens: OpenValues):
        super().__init__(src)
        self.opens = opens
        self.bindings = module_bindings(src.tree)

    def open_name(self, name: str) -> bool:
        """Bound at module level by code static reading could not follow (or read as a size)."""
        value = self.src.constants.values.get(name, _ABSENT)
        return name in self.bindings and (value is _ABSENT or isinstance(value, Size)) \
            and name not in self.src.functions and name not in self.src.classes

    @contextmanager
    def opened(self):
        names = [n for n in self.bindings if n not in self.src.constants.values and self.open_name(n)]
        self.src.constants.values.update({n: self.opens.data(n, self.bindings[n]) for n in names})
        try:
            yield
        finally:
            for name in names:
                self.src.constants.values.pop(name, None)


def parameters(src: SourceFile, constructors: Constructors, callee: str) -> list[ast.arg]:
    """The parameters a call of ``callee`` (a class of the file or a function) binds, self excluded."""
    if callee in src.classes:
        init = constructors.find_method(callee, "__init__")
        return (init.args.posonlyargs + init.args.args)[1:] if init else []
    fn = src.functions.get(callee)
    return fn.args.posonlyargs + fn.args.args if fn else []


def open_arguments(call: ast.Call, scope: Scope, constructors: OpenConstructors, src: SourceFile):
    """The model's call with each argument static reading cannot evaluate because it reads a name
    the file computes at run time (``len(word_to_ix)``) replaced by a placeholder bound to a size
    named after the parameter it fills; (call, scope)."""
    if not isinstance(call.func, ast.Name):
        return call, scope
    params = [p.arg for p in parameters(src, constructors, call.func.id)]
    named = list(zip(params, call.args)) + [(k.arg, k.value) for k in call.keywords if k.arg]
    opened = {}
    for param, expr in named:
        if not isinstance(expr, ast.Name) and _reads_open(expr, constructors) and not _evaluates(expr, scope):
            opened[id(expr)] = constructors.opens.argument(param, expr, call.func.id)
    if not opened:
        return call, scope
    local = scope.child()
    local.fallback = scope.fallback

    def placeholder(expr):
        if id(expr) not in opened:
            return expr
        name = PLACEHOLDER.format(len(local.values))
        local.values[name] = opened[id(expr)]
        return ast.copy_location(ast.Name(name, ast.Load()), expr)

    new = ast.copy_location(ast.Call(call.func, [placeholder(a) for a in call.args],
                                     [ast.keyword(k.arg, placeholder(k.value)) for k in call.keywords]), call)
    return new, local


def required_parameters(cls: str, call: ast.Call, scope: Scope, constructors: OpenConstructors, src: SourceFile):
    """A class the file never builds, called with a size for each parameter without a default
    (``TransformerClassifier(ntoken=<size ntoken>)``); (call, scope)."""
    init = constructors.find_method(cls, "__init__") if cls in src.classes else None
    if init is None or call.args or call.keywords:
        return call, scope
    params = (init.args.posonlyargs + init.args.args)[1:]
    required = [p.arg for p in params[: len(params) - len(init.args.defaults)]]
    required += [a.arg for a, d in zip(init.args.kwonlyargs, init.args.kw_defaults) if d is None]
    if not required:
        return call, scope
    local = scope.child()
    local.fallback = scope.fallback
    keywords = []
    for name in required:
        holder = PLACEHOLDER.format(name)
        local.values[holder] = constructors.opens.parameter(name, cls, src.classes[cls])
        keywords.append(ast.keyword(name, ast.Name(holder, ast.Load())))
    return ast.copy_location(ast.Call(call.func, [], keywords), call), local


def structure_refusal(opens: OpenValues, exc: Untranslatable) -> Untranslatable:
    """A parameter the file never gives decided the structure (``if rnn_type == "LSTM"``, a
    ``range(factor)``): one diagnostic naming it and the --model call to give."""
    found = deciding_parameter(exc.message, opens.found.values())
    if found is None:
        return exc
    where = f" (`{ast.unparse(exc.node)}`)" if isinstance(exc.node, ast.expr) else ""
    return Untranslatable(exc.node, f"{found[0].owner} is never built in this file and its structure depends on its "
                                    f"argument {found[0].name}{where}, which no size can stand for; give the call "
                                    f"that builds it: --model '{found[1]}'")


def expression_with(call: ast.Call, scope: Scope) -> str:
    """The model expression for verify: placeholders written as their sizes' names."""
    def text(expr):
        if isinstance(expr, ast.Name) and expr.id.startswith("__nnport_open_"):
            return repr(scope.values[expr.id]) if expr.id in scope.values else expr.id
        return ast.unparse(expr)
    parts = [text(a) for a in call.args] + [f"{k.arg}={text(k.value)}" if k.arg else f"**{text(k.value)}"
                                            for k in call.keywords]
    return f"{ast.unparse(call.func)}({', '.join(parts)})"


def _reads_open(expr: ast.expr, constructors: OpenConstructors) -> bool:
    return any(isinstance(n, ast.Name) and constructors.open_name(n.id) for n in ast.walk(expr))


def _evaluates(expr: ast.expr, scope: Scope) -> bool:
    try:
        evaluate(expr, Scope(parent=scope))
        return True
    except (NotConstant, Untranslatable, TypeError, ValueError, KeyError, IndexError):
        return False
