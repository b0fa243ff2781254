"""What static evaluation of PyTorch code yields besides plain constants.

Constructor code (``__init__``, helper functions, module level) yields layer objects and
containers of them; ``forward`` yields symbolic tensors. They are ordinary Python objects,
so the shared constant propagation can put them in lists, index them and unpack them.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ...catalog.schema import Kind, Spelling
from ...errors import SourceLoc


class Untranslatable(Exception):
    """A construct nnport cannot translate; ``node`` locates it in the source."""

    def __init__(self, node: ast.AST | None, message: str):
        self.node, self.message = node, message
        super().__init__(message)


@dataclass(eq=False)
class Layer:
    """A catalog layer built in the source: ``nn.Conv2d(3, 64, 3)``."""

    kind: Kind
    spelling: Spelling
    attrs: dict[str, Any]
    loc: SourceLoc

    def __repr__(self):  # keys networks by constructor arguments: the catalog entry's repr is long
        return f"Layer({self.kind.name}, {self.spelling.name}, {self.attrs!r}, {self.loc})"


def _item(items, key, container: str):
    """``items[key]``, where the source indexes a container of modules: what Python would refuse
    (an index out of range, a float, a missing key) is reported, as the source's own error."""
    try:
        return items[key]
    except (IndexError, KeyError, TypeError) as exc:
        raise Untranslatable(None, f"{container}[{key!r}] fails in Python: {exc}") from None


@dataclass(eq=False)
class Sequential:
    """``nn.Sequential``: items in order with their names ("0", "1" ... or OrderedDict keys)."""

    items: list[tuple[str, Any]]
    loc: SourceLoc


    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return _item(self.items, index, "nn.Sequential")[1]

    def __iter__(self):
        return iter(item for _, item in self.items)


@dataclass(eq=False)
class ModuleList:
    items: list[Any]
    loc: SourceLoc

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return _item(self.items, index, "nn.ModuleList")

    def __iter__(self):
        return iter(self.items)


@dataclass(eq=False)
class ModuleDict:
    items: dict[str, Any]
    loc: SourceLoc

    def __len__(self):
        return len(self.items)

    def __getitem__(self, key):
        return _item(self.items, key, "nn.ModuleDict")

    def __iter__(self):
        return iter(self.items)

    def keys(self):
        return self.items.keys()

    def values(self):
        return self.items.values()


@dataclass(eq=False)
class Instance:
    """An instance of a network class of the file, with its bound constructor arguments."""

    cls: str
    args: dict[str, Any]
    loc: SourceLoc
    modules: dict[str, Any] = field(default_factory=dict)  # filled when its __init__ ran
    scope: Any = None  # its ``self.*`` values, for forward
    chain: "Sequential | None" = None  # an nn.Sequential subclass: the layers given to its __init__
    frame: Any = None  # its traced constructor parameters (common/traced.py)


@dataclass(frozen=True)
class ClassRef:
    """A network class of the file used as a value (``ResNet(BasicBlock, [2, 2, 2, 2])``)."""

    name: str
    constants: tuple = ()  # class-level constants such as ``expansion = 4``, as (name, value) pairs

    def attribute(self, name: str):
        return dict(self.constants)[name]


@dataclass(frozen=True)
class FunctionRef:
    """A framework function used as a value (``self.act = F.relu``, ``activation=torch.tanh``)."""

    qualified: str


@dataclass(frozen=True, eq=False)
class LocalFunction:
    """``def block(cin, cout): ...`` written inside a constructor or forward: called with the
    names it saw where it was defined."""

    node: ast.FunctionDef
    scope: Any

    def __repr__(self):
        return f"{self.node.name}@{self.node.lineno}:{self.node.col_offset}"


@dataclass(frozen=True, eq=False)
class LambdaRef:
    """``lambda x: torch.amax(x, (2, 3))`` given to a module (a ``Lambda`` helper): traced where
    forward calls it, with the names it saw where it was written."""

    node: ast.Lambda
    scope: Any

    def __repr__(self):  # networks are keyed by their constructor arguments' repr
        return f"lambda@{self.node.lineno}:{self.node.col_offset}"


class TrainingFlag:
    """``self.training``: only known at run time; a layer's own train/eval switch handles it."""

    def __bool__(self):
        raise Untranslatable(None, "a condition on self.training (train vs eval behaviour) is only read in "
                                   "forward, as `if self.training:` or `a if self.training else b`")

    def __repr__(self):
        return "self.training"


TRAINING = TrainingFlag()

CONTAINERS = (Sequential, ModuleList, ModuleDict)


def is_module(value: Any) -> bool:
    return isinstance(value, (Layer, Sequential, ModuleList, ModuleDict, Instance))
