"""Kinds a framework defines as a network of other layers (nn.TransformerEncoderLayer).

The entry holds the module's definition as PyTorch source, the class the frontend reads in
place of the call (``hooks["definition"]``), with the same sub-module names as PyTorch's
state_dict, so weights convert layer by layer. Its constructor parameters are the kind's
attributes and the spelling's arguments; the target writes the network as a class of its own.
"""
from __future__ import annotations

import ast

from .schema import ABSENT, REQUIRED, Arg, Attr, Kind, Spelling

UNREAD = ("device", "dtype")  # where the weights are made: not part of what is computed


def _parameters(definition: str) -> list[tuple[str, object]]:
    """(name, default) of the definition's __init__ parameters; ABSENT where none, the source
    text where the default is not a literal (``F.relu``)."""
    init = next(f for f in ast.parse(definition).body[0].body if isinstance(f, ast.FunctionDef) and f.name == "__init__")
    params = init.args.args[1:]
    defaults = [ABSENT] * (len(params) - len(init.args.defaults)) + list(init.args.defaults)
    found = []
    for param, default in zip(params, defaults):
        if default is not ABSENT:
            try:
                default = ast.literal_eval(default)
            except ValueError:
                default = ast.unparse(default)
        found.append((param.arg, default))
    return found


def defined_kind(name: str, family: str, qualified: str, definition: str, shape, doc: str) -> Kind:
    params = [(p, d) for p, d in _parameters(definition) if p not in UNREAD]
    literal = [(p, d) for p, d in params if not (isinstance(d, str) and "." in d)]  # F.relu: not a value
    attrs = tuple(Attr(p, "any", REQUIRED if d is ABSENT else d) for p, d in params)
    args = tuple(Arg(p, p, d) for p, d in literal)
    cls = qualified.rsplit(".", 1)[1]
    return Kind(
        name=name, family=family, attrs=attrs, shape=shape, doc=doc,
        spellings=(Spelling("torch", "layer", qualified, args, positional=tuple(p for p, _ in params),
                            hooks={"definition": definition}),
                   Spelling("keras", "layer", f"nnport.{cls}", read=False)),  # written as a class of its own
    )
