"""Model-like objects: a Sequential, a functional Model, an instance of a Model/Layer subclass.

Each builds its network once, when it is the model or is used as a block of another network;
shapes the source gives (build(), a dummy call, input_shape=) are kept until then.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import SourceLoc


@dataclass(eq=False)
class ModelLike:
    name: str  # Keras name (given or automatic)
    loc: SourceLoc
    input_shapes: list | None = None  # from build() / a dummy call: shapes with the batch axis
    input_dtypes: list | None = None
    network: str | None = None  # the IR network, once built
    var: str | None = None  # the variable first holding it (names the main network)
    expr: str | None = None  # the expression --model gave to build it (verify builds it the same way)


@dataclass(eq=False)
class SequentialObj(ModelLike):
    layers: list[Any] = field(default_factory=list)  # LayerObj or ModelLike, in order
    given_name: bool = False


@dataclass(eq=False)
class FunctionalObj(ModelLike):
    trace: Any = None
    inputs: list = field(default_factory=list)  # Tensors
    outputs: list = field(default_factory=list)
    given_name: bool = False


@dataclass(eq=False)
class Instance(ModelLike):
    """An object of a user class; ``attrs`` are what its __init__ stored on self."""

    cls: Any = None  # UserClass
    attrs: dict[str, Any] = field(default_factory=dict)
    env: Any = None  # the environment __init__ ran in (constructor parameters)
    sequential: SequentialObj | None = None  # a keras.Sequential subclass: its layers (super().__init__)
