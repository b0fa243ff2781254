"""The file as a whole: imports, module-level constants, network classes and helper functions."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from types import SimpleNamespace

from ...errors import Reporter
from ..common import Imports, NotConstant, Scope, evaluate, loc_of
from ..common.program import argparse_namespaces, attributes_set, changed_names, describe, environment_default
from .values import ClassRef, FunctionRef

MODULE_BASES = ("torch.nn.Module", "torch.nn.Sequential")


@dataclass
class SourceFile:
    path: str
    tree: ast.Module
    imports: Imports
    reporter: Reporter
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)  # nn.Module subclasses
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)  # module-level functions
    foreign_classes: dict[str, ast.ClassDef] = field(default_factory=dict)  # autograd Functions ...
    constants: Scope = field(default_factory=Scope)
    walked: dict = field(default_factory=dict, repr=False)  # id(root) -> its nodes, walked once
    library: dict[str, str] = field(default_factory=dict)  # catalog-defined module -> its class here

    def walk(self, root: ast.AST | None = None) -> list[ast.AST]:
        """``ast.walk`` of the file (or of one of its nodes), computed once: the readers of the
        training code, inputs and model choice each search the whole file."""
        root = self.tree if root is None else root
        if id(root) not in self.walked:
            self.walked[id(root)] = list(ast.walk(root))
        return self.walked[id(root)]

    def loc(self, node):
        return loc_of(node, self.path)

    def error(self, message: str, node) -> None:
        self.reporter.error(message, self.loc(node))

    def qualify(self, expr: ast.expr) -> str | None:
        return self.imports.qualify(expr)


def scan(tree: ast.Module, path: str, reporter: Reporter) -> SourceFile:
    src = SourceFile(path, tree, Imports(tree), reporter)
    src.constants.fallback = lambda node, _: _names_only(node, src)  # parameter defaults: activation=nn.ReLU
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            bucket = src.classes if _is_network_class(node, src) else src.foreign_classes
            bucket[node.name] = node
        elif isinstance(node, ast.FunctionDef):
            src.functions[node.name] = node
    _module_constants(tree, src)
    for name, node in src.classes.items():
        src.constants.values[name] = ClassRef(name, tuple(_class_constants(node, src).items()))
    return src


def _class_constants(node: ast.ClassDef, src: SourceFile) -> dict:
    """Class-level ``NAME = constant`` of a class and its file bases (base first)."""
    found: dict = {}
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id in src.classes:
            found.update(_class_constants(src.classes[base.id], src))
    for stmt in node.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else \
            stmt.target if isinstance(stmt, ast.AnnAssign) and stmt.value is not None else None  # expansion: int = 4
        if isinstance(target, ast.Name):
            try:
                found[target.id] = evaluate(stmt.value, src.constants)
            except (NotConstant, TypeError, ValueError, KeyError, IndexError, ZeroDivisionError):
                pass
    return found


def _is_network_class(node: ast.ClassDef, src: SourceFile) -> bool:
    for base in node.bases:
        if src.qualify(base) in MODULE_BASES:
            return True
        if isinstance(base, ast.Name) and base.id in src.classes:  # subclass of a network class of the file
            return True
    return False


def _module_constants(tree: ast.Module, src: SourceFile) -> None:
    """Module-level ``NAME = <constant>`` and ``A, B = 1, 2``, environment variables and
    command-line flags at their defaults; anything else is left for the model builders."""
    scope = Scope(parent=src.constants, fallback=lambda node, _: _environment(node, src))
    parsed = {id(found[2]): found for found in argparse_namespaces(tree, src.qualify, src.constants)}
    for node in tree.body:
        if id(node) in parsed:  # opt = parser.parse_args(): the flags from here on (nz = int(opt.nz))
            _bind_flags(src, *parsed.pop(id(node)))
            continue
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else \
            node.target if isinstance(node, ast.AnnAssign) and node.value is not None else None
        if not isinstance(target, (ast.Name, ast.Tuple, ast.List)):
            if not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
                for name in changed_names(node):  # a loop filling a dict, xs.append(...): not a constant
                    _forget(src.constants.values, name, node)
            continue
        try:
            src.constants.assign(target, evaluate(node.value, scope))
        except (NotConstant, TypeError, ValueError, KeyError, IndexError, ZeroDivisionError):
            for name in (n.id for n in ast.walk(target) if isinstance(n, ast.Name)):
                src.constants.values.pop(name, None)  # rebound to something dynamic
    for name, flags, node in parsed.values():  # parsed inside a function (main()): its flags hold everywhere
        _bind_flags(src, name, flags, node)


def _bind_flags(src: SourceFile, name: str, flags, node: ast.Assign) -> None:
    src.constants.values[name] = flags
    src.constants.values.update({f"{name}.{flag}": value for flag, value in vars(flags).items()})
    src.reporter.warning(f"{name} = {ast.unparse(node.value)} is read with the flags' defaults: "
                         f"{describe(flags)}", src.loc(node))


def _forget(values: dict, name: str, stmt: ast.stmt) -> None:
    """A name a statement changes is no longer a constant; for flags (``opt.manualSeed = ...``)
    only the flags it sets."""
    flags = values.get(name)
    rebound = any(isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Load) for n in ast.walk(stmt))
    if rebound or not isinstance(flags, SimpleNamespace):
        values.pop(name, None)
        return
    for attr in attributes_set(stmt, name):
        values.pop(f"{name}.{attr}", None)
        if hasattr(flags, attr):
            delattr(flags, attr)


def framework_name(node: ast.expr, src: SourceFile) -> FunctionRef:
    """``nn.ReLU`` / ``ReLU`` imported from torch.nn, used as a value (``{"relu": nn.ReLU}``,
    ``activation=nn.ReLU``): a reference the constructor code may call."""
    qualified = src.qualify(node)
    if qualified is None:
        text = node.id if isinstance(node, ast.Name) else ast.unparse(node)
        raise NotConstant(node, f"{text!r} has no constant value here")
    return FunctionRef(qualified)


def _names_only(node: ast.expr, src: SourceFile):
    if isinstance(node, (ast.Name, ast.Attribute)):
        return framework_name(node, src)
    raise NotConstant(node, f"{type(node).__name__} expression is not a constant")


def _environment(node: ast.expr, src: SourceFile):
    if isinstance(node, (ast.Name, ast.Attribute)):
        return framework_name(node, src)
    found = environment_default(node, src.qualify, src.constants) if isinstance(node, ast.Call) else None
    if found is None:
        raise NotConstant(node, "not a constant")
    src.reporter.warning(f"environment variable {found[0]!r} is read as its default {found[1]!r}", src.loc(node))
    return found[1]
