"""PyTorch modules the catalog defines as a network of other layers (nn.TransformerEncoderLayer):
their definition, PyTorch source held by the catalog entry, read like a class of the file, and
``copy.deepcopy`` of modules (how such stacks clone their layer)."""
from __future__ import annotations

import ast
from typing import Any

from ...catalog.schema import Spelling
from ..common import Scope
from .values import (
    ClassRef,
    Instance,
    Layer,
    ModuleDict,
    ModuleList,
    Sequential,
    Untranslatable,
)

# names a definition uses, bound in the file's imports when it does not bind them itself
DEFINITION_IMPORTS = {"torch": "torch", "copy": "copy"}


def library_class(src, spelling: Spelling, call: ast.Call) -> str:
    """The class name under which the file holds the definition (read once; a class of the file
    with the same name keeps its own). Its statements are located at ``call``, the first call."""
    if spelling.name in src.library:
        return src.library[spelling.name]
    cls = ast.parse(spelling.hooks["definition"]).body[0]
    for node in ast.walk(cls):
        if hasattr(node, "lineno"):
            node.lineno, node.col_offset = call.lineno, call.col_offset
            node.end_lineno, node.end_col_offset = call.end_lineno, call.end_col_offset
    while cls.name in src.classes or cls.name in src.functions:
        cls.name = f"Torch{cls.name}"
    for alias, module in DEFINITION_IMPORTS.items():
        if src.imports.aliases.setdefault(alias, module) != module:
            raise Untranslatable(call, f"{spelling.name} is read from its definition, which needs the name "
                                       f"{alias!r} that the file binds to {src.imports.aliases[alias]!r}")
    src.classes[cls.name] = cls
    src.constants.values[cls.name] = ClassRef(cls.name, ())
    src.library[spelling.name] = cls.name
    return cls.name


def clone(value: Any, memo: dict | None = None) -> Any:
    """``copy.deepcopy`` of a module value: new layer objects with the same arguments (their own
    weights), constants shared."""
    memo = {} if memo is None else memo
    if id(value) in memo:
        return memo[id(value)]
    if isinstance(value, Layer):
        copied: Any = Layer(value.kind, value.spelling, dict(value.attrs), value.loc)
    elif isinstance(value, Sequential):
        copied = Sequential([(name, clone(item, memo)) for name, item in value.items], value.loc)
    elif isinstance(value, ModuleList):
        copied = ModuleList([clone(item, memo) for item in value.items], value.loc)
    elif isinstance(value, ModuleDict):
        copied = ModuleDict({key: clone(item, memo) for key, item in value.items.items()}, value.loc)
    elif isinstance(value, Instance):
        copied = _clone_instance(value, memo)
    else:
        return value
    memo[id(value)] = copied
    return copied


def _clone_instance(value: Instance, memo: dict) -> Instance:
    copied = Instance(value.cls, value.args, value.loc)
    memo[id(value)] = copied
    copied.modules = {name: clone(item, memo) for name, item in value.modules.items()}
    copied.chain = clone(value.chain, memo) if value.chain is not None else None
    values = {name: clone(item, memo) for name, item in value.scope.values.items()}
    copied.scope = Scope({**values, "self": copied}, value.scope.parent, value.scope.fallback)
    return copied
