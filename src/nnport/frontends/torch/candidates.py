"""The networks of a PyTorch file that could be the model (``nnport inspect --list``)."""
from __future__ import annotations

import ast

from ...errors import Reporter
from ..candidates import Candidate, for_class, for_function
from .instantiation import model_call
from .selection import choose, sequential_variables, used_classes
from .source import scan


def candidates(tree: ast.Module, path: str) -> list[Candidate]:
    src = scan(tree, path, Reporter())
    chosen = choose(src, None)
    chosen_name = chosen[1] if chosen else None
    found = []
    variables = sequential_variables(src)
    for name, assign in variables.items():
        found.append(Candidate(name, "built by the file", f"`{_short(assign)}`", assign.lineno, name == chosen_name))
    used = used_classes(src)
    for name, cls in src.classes.items():
        default = name == chosen_name
        call, _, made = model_call(src, name)
        if made:
            found.append(Candidate(ast.unparse(call), "built by the file", f"`{ast.unparse(call)}`", call.lineno,
                                   default))
            continue
        init = next((s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
        block_of = next((other for other, c in src.classes.items() if other != name and
                         any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(c))), "")
        found.append(for_class(name, init, cls.lineno, default, block_of if name in used else ""))
    builders = _builders(src)
    for fn in src.functions.values():
        if fn.name in builders and not any(c.model.startswith(f"{fn.name}(") for c in found):
            found.append(for_function(fn, False))
    return sorted(found, key=lambda c: (not c.default, c.line, c.model))


def _builders(src) -> set[str]:
    """Functions returning a network of the file or an nn.Sequential, or what such a function
    returns (``vgg16()`` returning ``_vgg(...)`` returning ``VGG(...)``)."""
    found: set[str] = set()
    while True:
        more = {fn.name for fn in src.functions.values() if fn.name not in found and _returns_one_of(fn, src, found)}
        if not more:
            return found
        found |= more


def _returns_one_of(fn: ast.FunctionDef, src, builders: set[str]) -> bool:
    for node in ast.walk(fn):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Name) and (func.id in src.classes or func.id in builders) \
                    or src.qualify(func) == "torch.nn.Sequential":
                return True
    return False


def _short(node: ast.stmt, limit: int = 70) -> str:
    text = ast.unparse(node).split("\n")[0]
    return text if len(text) <= limit else text[: limit - 3] + "..."
