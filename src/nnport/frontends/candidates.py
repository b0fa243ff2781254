"""``nnport inspect --list``: every network of a file that could be the model, and how each would
be built: the file's own instantiation, builder functions, classes whose arguments all have
defaults, classes needing arguments (the ``--model`` call to give, sizes among them kept as
constructor parameters when not given). Static: the file is parsed, never run.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from ..ir.sizes import call_text


@dataclass(frozen=True)
class Candidate:
    model: str  # what --model takes to choose it
    kind: str  # "built by the file", "builder", "class", "class needing arguments", "block"
    how: str  # how it would be built, in words
    line: int = 0
    default: bool = False  # the one chosen without --model


def required(fn: ast.FunctionDef, skip_self: bool) -> list[str]:
    """The parameters without a default (keyword-only ones too), ``self`` excluded."""
    params = fn.args.posonlyargs + fn.args.args
    params = params[1:] if skip_self else params
    names = [p.arg for p in params[: len(params) - len(fn.args.defaults)]]
    return names + [a.arg for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if d is None]


def for_class(name: str, init: ast.FunctionDef | None, line: int, default: bool, block_of: str = "") -> Candidate:
    needs = required(init, True) if init is not None else []
    if block_of:
        return Candidate(name, "block", f"a block of {block_of}", line, default)
    if needs:
        return Candidate(call_text(name, needs), "class needing arguments",
                         f"needs {', '.join(needs)}: give the call with --model; sizes among them left open are "
                         "kept as constructor parameters", line, default)
    return Candidate(name, "class", f"built with its defaults: {name}()", line, default)


def for_function(fn: ast.FunctionDef, default: bool) -> Candidate:
    needs = required(fn, False)
    if needs:
        return Candidate(call_text(fn.name, needs), "builder", f"a builder needing {', '.join(needs)}", fn.lineno,
                         default)
    return Candidate(f"{fn.name}()", "builder", f"a builder called with its defaults: {fn.name}()", fn.lineno, default)


def render(found: list[Candidate], path: str) -> str:
    if not found:
        return f"{path}: no network that could be the model\n"
    width = max(len(c.model) for c in found)
    lines = [f"model candidates in {path} (* is the one read without --model; choose another with --model):"]
    for c in found:
        lines.append(f"{'*' if c.default else ' '} {c.model:<{width}}  line {c.line}: {c.kind}; {c.how}")
    return "\n".join(lines) + "\n"
