"""Random draws in forward (``eps = torch.randn_like(std)``), fixed while verify compares.

The two models cannot draw the same values from their own generators. While a trial runs, the
framework functions the catalog's random kinds name (``fixed_draw`` hooks) are replaced: the
source's draws are seeded standard values, recorded in call order; the migrated model's draws
replay them in the same order, in its own axis order (channels last where it holds them so).
What was done is said in a note; a draw the migrated model makes that the source did not (or
of another shape) stops verify with the reason, never compares unrelated values.
"""
from __future__ import annotations

import contextlib
import importlib

import numpy as np

from ..catalog import registry
from ..errors import NnportError
from ..ir.graph import PivotModel

FAMILY = "random"


def fixed_draws(model: PivotModel, seed: int) -> FixedDraws | None:
    """A fixer for ``model``'s draws, or None when its forward draws nothing."""
    found = sorted({node.target for net in model.networks.values() for node in net.graph.nodes
                    if node.op == "call_op" and registry.kind(node.target).family == FAMILY})
    return FixedDraws(found, seed) if found else None


class FixedDraws:
    def __init__(self, kinds: list[str], seed: int):
        self.kinds, self.rng = kinds, np.random.default_rng([seed, 0x5EED])
        self.recorded: list[tuple[str, np.ndarray]] = []
        self.replaying = False
        self.position = 0
        self.counts: set[int] = set()

    @contextlib.contextmanager
    def source(self):
        """The source model's run: seeded values, recorded."""
        self.recorded, self.replaying = [], False
        with self._patched():
            yield
        self.counts.add(len(self.recorded))

    @contextlib.contextmanager
    def migrated(self):
        """The migrated model's run: the source's values again, in order."""
        self.replaying, self.position = True, 0
        with self._patched():
            yield
        if self.position != len(self.recorded):
            raise NnportError(f"random draws: the source drew {len(self.recorded)} times in one run, the migrated "
                              f"model {self.position} times, so the draws cannot be fixed to the same values")

    def standard(self, shape: tuple[int, ...], distribution: str) -> np.ndarray:
        if not self.replaying:
            values = self.rng.standard_normal(shape) if distribution == "normal" else self.rng.random(shape)
            self.recorded.append((distribution, values.astype(np.float32)))
            return self.recorded[-1][1]
        index = self.position
        self.position += 1
        if index >= len(self.recorded):
            raise NnportError(f"random draws: the migrated model draws more often than the source ({index + 1} > "
                              f"{len(self.recorded)} in one run), so the draws cannot be fixed to the same values")
        kind, values = self.recorded[index]
        if kind != distribution:
            raise NnportError(f"random draw {index + 1}: the source draws {kind} values, the migrated model "
                              f"{distribution} values")
        return _in_order(values, shape, index)

    def note(self) -> str:
        names = ", ".join(self.kinds)
        per_run = "/".join(str(c) for c in sorted(self.counts))
        return (f"random draws in forward ({names}; {per_run} per run) were fixed to the same seeded standard "
                "values on both sides (the source's draws replayed in the migrated model, in its axis order), "
                "so the outputs that depend on them are compared")

    @contextlib.contextmanager
    def _patched(self):
        saved = []
        try:
            for owner, attr, hook in _replaced():
                saved.append((owner, attr, getattr(owner, attr)))
                setattr(owner, attr, hook(self.standard))
            yield
        finally:
            for owner, attr, original in reversed(saved):
                setattr(owner, attr, original)


def _replaced():
    """(object, attribute, hook) for each framework function a random kind's spellings name
    (every random kind's, so that a draw of another kind is seen too, not left random)."""
    for kind in (k for k in registry.kinds() if k.family == FAMILY):
        for spelling in kind.spellings:
            hook = spelling.hooks.get("fixed_draw")
            if hook is None:
                continue
            owner, attr = _owner(spelling.name)
            if owner is not None:
                yield owner, attr, hook


def _owner(qualified: str):
    """``torch.randn_like`` -> (torch, "randn_like"); ``Tensor.normal_`` -> (torch.Tensor, "normal_")."""
    path, _, attr = qualified.rpartition(".")
    if path == "Tensor":
        return importlib.import_module("torch").Tensor, attr
    try:
        return importlib.import_module(path), attr
    except ImportError:  # the other framework is not installed: nothing of it runs
        return None, attr


def _in_order(values: np.ndarray, shape: tuple[int, ...], index: int) -> np.ndarray:
    """The source's values for a draw the migrated model makes with ``shape``: as they are, or
    with the channel axis moved between second and last (the layouts the two models hold)."""
    if values.shape == shape:
        return values
    for moved in (np.moveaxis(values, 1, -1), np.moveaxis(values, -1, 1)):
        if values.ndim > 2 and moved.shape == shape:
            return moved
    raise NnportError(f"random draw {index + 1}: the source draws shape {values.shape}, the migrated model {shape}, "
                      "which no axis order relates")
