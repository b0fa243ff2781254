"""Training and data sections of the pivot model, in canonical terms.

Optimizer, loss, schedule and callback kinds are catalog entries
(``nnport.catalog.training``); here they are only named with their attributes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import SourceLoc


@dataclass
class Component:
    """A configured catalog thing: an optimizer, a loss, a schedule, a callback, a metric."""

    kind: str
    attrs: dict[str, Any] = field(default_factory=dict)
    loc: SourceLoc | None = None


@dataclass
class Training:
    optimizer: Component | None = None
    loss: Component | None = None  # attrs["from_logits"] states what the network outputs
    metrics: list[str] = field(default_factory=list)
    epochs: int | None = None
    batch_size: int | None = None
    schedule: Component | None = None
    callbacks: list[Component] = field(default_factory=list)
    validation_split: float | None = None
    loc: SourceLoc | None = None
    # what the source's training or data code does that the migration leaves out: ``left_out`` dicts
    untranslated: list[dict] = field(default_factory=list)
    # the source's per-batch code, in order, on the loader's (inputs, targets): {"on": "inputs" |
    # "targets", "kind": "reshape" | "cast" | "scale" | "noise" | "clip" | "from_inputs", ...}
    batch_steps: list[dict] = field(default_factory=list)


@dataclass
class Dataset:
    """Where data comes from: ``loader`` is canonical (e.g. ``mnist``, ``cifar10``, ``arrays``,
    ``directory``, ``custom``); ``split`` is train/test/validation; ``transforms`` are canonical
    steps such as ``{"kind": "scale", "factor": 1/255}`` or ``{"kind": "normalize", ...}``."""

    name: str
    loader: str
    split: str = "train"
    attrs: dict[str, Any] = field(default_factory=dict)
    transforms: list[dict[str, Any]] = field(default_factory=list)
    loc: SourceLoc | None = None


def batch_steps(model_input: list[dict], target: tuple[str, list[dict]]) -> list[dict]:
    """One ordered list from the steps to the model's input and the target's (origin "inputs" or
    "targets", its steps): targets taken from the inputs are copied (``from_inputs``) after the
    steps both share, then each side's own steps follow."""
    inputs = [{"on": "inputs", **s} for s in model_input]
    origin, steps = target
    if origin == "targets":
        return inputs + [{"on": "targets", **s} for s in steps]
    shared = 0
    while shared < min(len(steps), len(model_input)) and steps[shared] == model_input[shared]:
        shared += 1
    copy = {"on": "targets", "kind": "from_inputs", "line": steps[shared - 1].get("line") if shared else None}
    return inputs[:shared] + [copy] + inputs[shared:] + [{"on": "targets", **s} for s in steps[shared:]]


# where in the generated training code a left-out statement's TODO comment goes
PLACES = ("data", "batch", "step", "optimizer", "loss", "metrics", "schedule", "callbacks", "loop", "script")


def left_out(place: str, what: str, loc: SourceLoc | None, code: str = "") -> dict:
    """A statement of the source's training or data code that is not translated: ``place`` (one of
    PLACES) says where the generated code marks it, ``code`` is the source's text (one line)."""
    assert place in PLACES, place
    line = loc.line if loc is not None and loc.line else None
    col = loc.col if loc is not None and line else None
    return {"place": place, "what": what, "line": line, "col": col, "code": " ".join(code.split())}


def add_left_out(training: Training, entry: dict) -> None:
    if entry not in training.untranslated:
        training.untranslated.append(entry)
