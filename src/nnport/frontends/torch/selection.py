"""Which network of the file is the model, and with which constructor arguments.

The model is ``options.model`` when given, else the network class (or module-level
``nn.Sequential`` variable) that no other network uses; ties go to the one the file
instantiates, then to the last defined, with a warning naming the others.
"""
from __future__ import annotations

import ast

from .source import SourceFile


def sequential_variables(src: SourceFile) -> dict[str, ast.Assign]:
    """``model = nn.Sequential(...)`` outside classes (module level or in functions), or the
    result of a file function returning one (``model = make_mlp([784, 256, 10])``)."""
    found: dict[str, ast.Assign] = {}
    builders = {name for name, fn in src.functions.items() if _returns_sequential(src, fn)}
    for node in _outside_classes(src.tree):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Call) and (src.qualify(node.value.func) == "torch.nn.Sequential" or
                                                          _calls(node.value, builders))):
            found.setdefault(node.targets[0].id, node)
    return found


def _calls(call: ast.Call, names: set[str]) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id in names


def _returns_sequential(src: SourceFile, fn: ast.FunctionDef) -> bool:
    """``return nn.Sequential(...)``, or a variable the function assigns one to."""
    made = {t.id for n in src.walk(fn) if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call)
            and src.qualify(n.value.func) == "torch.nn.Sequential" for t in n.targets if isinstance(t, ast.Name)}
    return any(isinstance(n, ast.Return) and n.value is not None and (
        isinstance(n.value, ast.Call) and src.qualify(n.value.func) == "torch.nn.Sequential"
        or isinstance(n.value, ast.Name) and n.value.id in made) for n in src.walk(fn))


def used_classes(src: SourceFile) -> set[str]:
    used = set()
    for name, cls in src.classes.items():
        for node in src.walk(cls):
            if isinstance(node, ast.Name) and node.id in src.classes and node.id != name:
                used.add(node.id)
    for node in _outside_classes(src.tree):
        if isinstance(node, ast.Call):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Name) and arg.id in src.classes:
                    used.add(arg.id)
    for assign in sequential_variables(src).values():  # nn.Sequential(*[Block() for _ in range(3)])
        used |= {n.id for n in ast.walk(assign.value) if isinstance(n, ast.Name) and n.id in src.classes}
    for fn in src.functions.values():  # helpers that build blocks for a class
        names = {n.id for n in src.walk(fn) if isinstance(n, ast.Name)}
        if any(cls in names for cls in src.classes) and _called_from_classes(fn.name, src):
            used |= names & set(src.classes)
    return used


def _called_from_classes(function: str, src: SourceFile) -> bool:
    return any(isinstance(n, ast.Name) and n.id == function for cls in src.classes.values() for n in src.walk(cls))


def instantiated(src: SourceFile) -> list[str]:
    """Classes the file instantiates outside classes, and Sequential variables it calls."""
    return [n.func.id for n in _outside_classes(src.tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]


def choose(src: SourceFile, requested: str | None) -> tuple[str, str] | None:
    """("class", name) or ("sequential", variable); None when the file defines no network."""
    variables = sequential_variables(src)
    if requested:
        if requested in src.classes:
            return "class", requested
        if requested in variables:
            return "sequential", requested
        called = requested_call(requested)
        if called is not None and (called.func.id in src.classes or called.func.id in src.functions):
            return "call", requested
        if requested in src.functions:  # a builder: resnet18 is resnet18()
            return "call", f"{requested}()"
        made = _instantiation(src, requested)
        if made is not None:  # the variable the file builds the model in: model = Net(...)
            return made
        names = sorted([*src.classes, *variables, *src.functions])
        src.reporter.error(f"--model {requested!r} is not a network of this file (found: {', '.join(names)})",
                           src.loc(None))
        return None
    used = used_classes(src)
    candidates = [("class", c) for c in src.classes if c not in used]
    inside = {n.id for a in variables.values() for n in ast.walk(a.value) if isinstance(n, ast.Name)}
    candidates += [("sequential", v) for v in variables if v not in inside]
    if not candidates:
        return None
    made = [*instantiated(src), *variables]  # a Sequential variable is built where it is assigned
    preferred = [c for c in candidates if c[1] in made] or candidates
    choice = preferred[-1]
    if len(preferred) > 1:
        others = ", ".join(c[1] for c in preferred if c != choice)
        src.reporter.warning(f"several networks could be the model; using {choice[1]!r} (others: {others}); "
                             "choose with --model", src.loc(None))
    return choice


def _instantiation(src: SourceFile, variable: str) -> tuple[str, str] | None:
    """``model = Net(...)`` outside classes: the class chosen (its call read as the file makes it),
    or the builder call; None when ``variable`` holds no such call."""
    for node in _outside_classes(src.tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets) \
                and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name):
            callee = node.value.func.id
            if callee in src.classes:
                return "class", callee
            if callee in src.functions:
                return "call", ast.unparse(node.value)
    return None


def requested_call(text: str) -> ast.Call | None:
    """``--model 'Net(upscale_factor=3)'``: a call of a name of the file, or None."""
    try:
        expr = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None
    return expr if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) else None


def _outside_classes(tree: ast.Module):
    stack = list(tree.body)
    while stack:
        node = stack.pop(0)
        if isinstance(node, ast.ClassDef):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))
