"""Tensor types of the pivot model: shape, dtype and the role of each axis.

Roles name what an axis means, independent of where a framework puts it:
``N`` batch, ``C`` channels / features, ``T`` time or sequence, ``D``/``H``/``W``
spatial axes (``W`` alone for 1-D signals), ``?i`` an axis with no known meaning.
Axis-taking ops store roles, so a layout change remaps them instead of copying ints.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

Dim = int | None  # None: symbolic (batch, or a length unknown statically); an ir.sizes.Size: known by name only

BATCH, CHANNEL, TIME = "N", "C", "T"
SPATIAL = {1: ("W",), 2: ("H", "W"), 3: ("D", "H", "W")}


def anonymous(i: int) -> str:
    return f"?{i}"


@dataclass(frozen=True)
class TensorType:
    shape: tuple[Dim, ...]
    roles: tuple[str, ...]
    dtype: str = "float32"

    def __deepcopy__(self, memo):  # immutable: copies of a model share it (copying was a hot spot)
        return self

    def __post_init__(self):
        if len(self.shape) != len(self.roles):
            raise ValueError(f"shape {self.shape} and roles {self.roles} differ in rank")
        if len(set(self.roles)) != len(self.roles):
            raise ValueError(f"roles must be unique, got {self.roles}")

    @property
    def rank(self) -> int:
        return len(self.shape)

    def axis(self, role: str) -> int:
        """Position of a role; raises KeyError naming the type when absent."""
        try:
            return self.roles.index(role)
        except ValueError:
            raise KeyError(f"axis {role!r} not in {self}") from None

    def dim(self, role: str) -> Dim:
        return self.shape[self.axis(role)]

    def with_dim(self, role: str, size: Dim) -> "TensorType":
        shape = list(self.shape)
        shape[self.axis(role)] = size
        return replace(self, shape=tuple(shape))

    def permuted(self, perm: tuple[int, ...]) -> "TensorType":
        return TensorType(tuple(self.shape[p] for p in perm), tuple(self.roles[p] for p in perm), self.dtype)

    @property
    def spatial_roles(self) -> tuple[str, ...]:
        return tuple(r for r in self.roles if r in ("D", "H", "W", "T"))

    def __str__(self) -> str:
        dims = ", ".join(f"{r}={'?' if s is None else s}" for s, r in zip(self.shape, self.roles))
        return f"{self.dtype}[{dims}]"


def channels_first(shape: tuple[Dim, ...], dtype: str = "float32") -> TensorType:
    """(N, C, *spatial) as PyTorch lays out images and signals."""
    spatial = SPATIAL.get(len(shape) - 2)
    if spatial is None:
        return generic(shape, dtype)
    return TensorType(tuple(shape), (BATCH, CHANNEL, *spatial), dtype)


def channels_last(shape: tuple[Dim, ...], dtype: str = "float32") -> TensorType:
    """(N, *spatial, C) as Keras lays out images and signals."""
    spatial = SPATIAL.get(len(shape) - 2)
    if spatial is None:
        return generic(shape, dtype)
    return TensorType(tuple(shape), (BATCH, *spatial, CHANNEL), dtype)


def sequence(shape: tuple[Dim, ...], dtype: str = "float32") -> TensorType:
    """(N, T, C) batch-first sequences, or (N, T) token ids."""
    roles = (BATCH, TIME, CHANNEL)[: len(shape)]
    return TensorType(tuple(shape), roles, dtype)


def generic(shape: tuple[Dim, ...], dtype: str = "float32") -> TensorType:
    """(N, ..., C): batch first, features last, anonymous axes between."""
    if len(shape) == 1:
        return TensorType(tuple(shape), (BATCH,), dtype)
    middle = tuple(anonymous(i) for i in range(1, len(shape) - 1))
    return TensorType(tuple(shape), (BATCH, *middle, CHANNEL), dtype)
