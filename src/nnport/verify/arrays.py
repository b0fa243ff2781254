"""Framework-neutral array plumbing for verify: random inputs, outputs as numpy, layout alignment."""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..errors import NnportError
from ..ir.graph import PivotModel
from ..ir.types import CHANNEL, TIME, TensorType

SPATIAL_ROLES = ("D", "H", "W", "T")
DEFAULT_SEQUENCE = 8  # steps drawn for an input whose sequence length the source leaves open


@dataclass(frozen=True)
class InputSpec:
    name: str
    type: TensorType
    high: int | None = None  # integer inputs: exclusive upper bound (vocabulary size)

    @property
    def is_integer(self) -> bool:
        return self.type.dtype.startswith(("int", "uint"))


def input_specs(model: PivotModel) -> list[InputSpec]:
    """The main network's inputs; token-id bounds come from the embedding layers that read them."""
    net = model.network
    users = net.graph.users()
    specs = []
    for node in net.graph.inputs:
        value = node.outputs[0]
        if value not in net.graph.types:
            raise NnportError(f"input {value!r}: shape unknown; give --input-shape", node.loc)
        bounds = [net.modules[u.target].attrs.get("num_embeddings") for u in users.get(value, [])
                  if u.op == "call_module" and u.target in net.modules]
        specs.append(InputSpec(value, net.graph.types[value], min((b for b in bounds if b), default=None)))
    return specs


def with_sequence_length(specs: list[InputSpec], length: int = DEFAULT_SEQUENCE) -> tuple[list[InputSpec], list[str]]:
    """Unknown time axes (``Input(shape=(None,))``) get ``length`` steps; notes say which."""
    out, notes = [], []
    for spec in specs:
        shape = tuple(length if size is None and role == TIME else size
                      for size, role in zip(spec.type.shape, spec.type.roles))
        if shape != tuple(spec.type.shape):
            notes.append(f"input {spec.name!r} has an unknown sequence length; verified with {length} steps "
                         "(give --input-shape to choose)")
            spec = replace(spec, type=replace(spec.type, shape=shape))
        out.append(spec)
    return out, notes


def draw(specs: list[InputSpec], batch: int, rng: np.random.Generator) -> list[np.ndarray]:
    """One trial's inputs in the source's layout: uniform [0, 1) floats, or token ids."""
    arrays = []
    for spec in specs:
        shape = tuple(batch if role == "N" else size for size, role in zip(spec.type.shape, spec.type.roles))
        if None in shape:
            raise NnportError(f"input {spec.name!r} has an unknown size {spec.type}; give --input-shape")
        if spec.type.dtype == "bool":  # a mask: about half set, never a whole row (PyTorch gives NaN there)
            mask = rng.random(shape) < 0.5
            mask[..., 0] = False
            arrays.append(mask)
        elif spec.is_integer:
            arrays.append(rng.integers(0, spec.high or 10, size=shape).astype(spec.type.dtype))
        else:
            arrays.append(rng.random(shape, dtype=np.float64).astype(spec.type.dtype))
    return arrays


def native_order(roles: tuple[str, ...], framework: str) -> tuple[str, ...]:
    """Roles reordered into the framework's idiomatic layout (images/signals only)."""
    if CHANNEL not in roles or not any(r in SPATIAL_ROLES for r in roles):
        return roles
    rest = tuple(r for r in roles if r != CHANNEL)
    return (rest[0], CHANNEL, *rest[1:]) if framework == "torch" else (*rest, CHANNEL)


def to_roles(array: np.ndarray, roles, order) -> np.ndarray:
    return np.transpose(array, [list(roles).index(r) for r in order])


def in_orders(inputs: list[np.ndarray], specs, orders) -> list[np.ndarray]:
    """Inputs drawn in the source's layout, each moved into the axis order the migrated model
    takes (``orders``: roles per input, None = as drawn)."""
    return [a if order is None else to_roles(a, s.type.roles, order) for a, s, order in zip(inputs, specs, orders)]


def as_numpy_list(value) -> list[np.ndarray]:
    """Model outputs (tensor, tuple, list, dict, nested) -> flat list of numpy arrays."""
    if isinstance(value, dict):
        return [a for k in sorted(value) for a in as_numpy_list(value[k])]
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in as_numpy_list(v)]
    if hasattr(value, "detach"):
        return [value.detach().cpu().numpy()]
    return [np.asarray(value)]


def align(target: np.ndarray, source_shape: tuple, roles: tuple[str, ...] | None, prefer_permuted: bool = False):
    """``target`` rearranged into the source's layout, or None when no layout of it fits."""
    options = [tuple(roles)] if roles else []
    if roles:
        options += [o for o in (native_order(roles, "keras"), native_order(roles, "torch")) if o != tuple(roles)]
        if prefer_permuted:
            options = options[1:] + options[:1]
    for order in options or [None]:
        if order is None:
            return target if target.shape == source_shape else None
        if tuple(source_shape[roles.index(r)] for r in order) == target.shape:
            return to_roles(target, order, roles)
    return None


def mad(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))
