"""The registry: every kind once, looked up by name or by how a framework spells it."""
from __future__ import annotations

from .schema import TRAINING_FAMILIES, Kind, Spelling

_KINDS: dict[str, Kind] = {}
_SPELLINGS: dict[tuple[str, str, str], tuple[Kind, Spelling]] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        if kind.name in _KINDS:
            raise ValueError(f"catalog kind {kind.name!r} registered twice")
        _KINDS[kind.name] = kind
        for spelling in (s for s in kind.spellings if s.read):
            key = (spelling.framework, spelling.form, spelling.name)
            if key in _SPELLINGS:
                other = _SPELLINGS[key][0].name
                raise ValueError(f"spelling {key} of {kind.name!r} already belongs to {other!r}")
            _SPELLINGS[key] = (kind, spelling)


def kind(name: str) -> Kind:
    _load()
    try:
        return _KINDS[name]
    except KeyError:
        raise KeyError(f"unknown catalog kind {name!r}") from None


def kinds(training: bool = False) -> list[Kind]:
    """Layer kinds and tensor ops; with ``training=True`` optimizers, losses, schedules, callbacks."""
    _load()
    return sorted((k for k in _KINDS.values() if (k.family in TRAINING_FAMILIES) == training),
                  key=lambda k: (k.family, k.name))


def lookup(framework: str, form: str, name: str) -> tuple[Kind, Spelling] | None:
    """The kind a framework spelling belongs to, e.g. ("torch", "layer", "torch.nn.Conv2d")."""
    _load()
    return _SPELLINGS.get((framework, form, name))


def _load() -> None:
    if not _KINDS:
        from . import families  # noqa: F401  (registers every family module)
