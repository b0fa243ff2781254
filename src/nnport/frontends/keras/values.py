"""What names hold while a Keras file is read statically: constants or these symbolic values.

Plain Python constants stay plain; everything a framework would create at run time
(layers, tensors, models, optimizers, data) is one of the small records below.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from ...errors import SourceLoc


@dataclass(eq=False)
class Act:
    """A resolved activation: a catalog kind with attributes, or an expression kept for run time."""

    kind: str
    attrs: dict = field(default_factory=dict)


@dataclass(eq=False)
class LayerObj:
    """A layer object: one module, applied once or several times (shared weights)."""

    kind: str
    attrs: dict
    name: str
    loc: SourceLoc
    activation: Act | None = None
    input_shape: tuple | None = None  # Keras input_shape= / input_dim= on a first layer
    input_dtype: str | None = None
    merge: dict | None = None  # ops after the first result (a wrapper's merge mode): see read_wrapped


@dataclass(eq=False)
class Tensor:
    value: str
    trace: Any  # the Trace that defines it


class AxisSize(int):
    """``ops.shape(x)[1]`` where shape inference knows it: the number, and the tensor axis it is
    the length of (arithmetic on it gives a plain int)."""

    def __new__(cls, size: int, tensor: "Tensor", axis: int, rank: int):
        made = super().__new__(cls, size)
        made.size_of = (tensor, axis, rank)
        return made

    def __reduce__(self):  # a copy is the plain number
        return int, (int(self),)


def size_source(value) -> tuple | None:
    """(tensor, axis, the tensor's rank) a size is the length of, or None."""
    return getattr(value, "size_of", None)


@dataclass(eq=False)
class Opaque:
    """A value nnport cannot know statically; ``text`` is its source expression (unparsed from
    ``node`` only when asked: most opaque values, such as results of model.add(), are never shown)."""

    source: str | None
    node: ast.AST | None = None
    why: str = "not a constant"
    failed: bool = False  # the consequence of an error already reported (not reported again)
    untranslated: bool = False  # a framework object with no translation: ``why`` is an error where the model uses it
    size_of: tuple | None = None  # (tensor, axis, rank): ``ops.shape(x)[0]``, a size known only at run time

    @property
    def text(self) -> str:
        if self.source is None:
            self.source = ast.unparse(self.node) if self.node is not None else "?"
        return self.source


@dataclass(eq=False)
class QualName:
    """A framework object named by its qualified name (``keras.layers.Dense`` before the call)."""

    name: str


@dataclass(eq=False)
class ArrayValue:
    """A data array whose shape is known (np.zeros((1, 28, 28, 1)), tf.random.normal(...))."""

    shape: tuple
    dtype: str = "float32"


@dataclass(eq=False)
class Component:
    """A configured training thing (optimizer, loss, schedule, callback, metric)."""

    kind: str
    family: str
    attrs: dict
    loc: SourceLoc


@dataclass(eq=False)
class LayerSetting:
    """A regularizer or initializer object (``regularizers.l2(1e-4)``, ``initializers.RandomNormal(stddev=0.01)``)."""

    kind: str
    attrs: dict


@dataclass(eq=False)
class DataRef:
    """Arrays or pipelines that come from a dataset; ``dataset`` is the IR record."""

    dataset: Any
    part: str = "x"  # "x" inputs, "y" labels, "xy" both
    steps: tuple = ()  # per-batch steps (noise, clipping) on top of the dataset's transforms


@dataclass(eq=False)
class UserFunction:
    node: ast.FunctionDef
    env: Any  # the environment it was defined in


@dataclass(eq=False)
class UserClass:
    node: ast.ClassDef
    env: Any
    base: str  # "model" | "layer"
    attrs: dict = field(default_factory=dict)  # class attributes (``expansion = 4``)
    parents: list = field(default_factory=list)  # the file's classes it derives from

    def attribute(self, name: str, default: Any = None) -> Any:
        """A class attribute, looked up through the file's base classes."""
        if name in self.attrs:
            return self.attrs[name]
        for parent in self.parents:
            found = parent.attribute(name, _NOT_FOUND)
            if found is not _NOT_FOUND:
                return found
        return default


_NOT_FOUND = object()


SYMBOLIC = (Act, LayerObj, Tensor, Opaque, QualName, ArrayValue, Component, LayerSetting, DataRef,
            UserFunction, UserClass)


def is_symbolic(value: Any) -> bool:
    """True when a value (or anything inside a list/tuple/dict) is not a plain constant."""
    from .models import ModelLike

    if isinstance(value, (SYMBOLIC, ModelLike)):
        return True
    if isinstance(value, (list, tuple)):
        return any(is_symbolic(v) for v in value)
    if isinstance(value, dict):
        return any(is_symbolic(v) for v in value.values())
    return False


def tensors_in(value: Any) -> list[Tensor]:
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in tensors_in(v)]
    return []
