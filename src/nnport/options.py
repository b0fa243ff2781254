"""Options shared by the engines (kept apart so no engine imports the CLI)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadOptions:
    model: str | None = None  # which network is the model when a file has several
    input_shape: tuple[int | None, ...] | None = None  # with the batch axis, e.g. (None, 3, 32, 32)
    framework: str | None = None  # force "torch" / "keras" instead of detecting from imports
    values: tuple[tuple[str, object], ...] = ()  # --set NAME=VALUE: values for names known only at run time


@dataclass(frozen=True)
class WriteOptions:
    target: str = "torch"  # "torch" | "keras"
    style: str | None = None  # None: the source's style where the target has it
    layout: str = "source"  # "source": same input layout as the source; "native": the target's
    only_model: bool = False
    allow_partial: bool = False
