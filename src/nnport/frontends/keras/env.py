"""Environments of the static reader: names bound to constants or symbolic values."""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from ..common import Scope
from .models import Instance
from .values import UserClass, is_symbolic

MISSING = object()


class Env:
    def __init__(self, parent: Env | None = None):
        self.vars: dict[str, Any] = {}
        self.parent = parent

    def get(self, name: str, default: Any = MISSING) -> Any:
        head, _, rest = name.partition(".")
        env = self
        while env is not None:
            if head in env.vars:
                value = env.vars[head]
                return attribute(value, rest, default) if rest else value
            env = env.parent
        if default is MISSING:
            raise KeyError(name)
        return default

    def set(self, name: str, value: Any) -> None:
        self.vars[name] = value

    def child(self) -> Env:
        return Env(self)


def attribute(value: Any, path: str, default: Any = MISSING) -> Any:
    for part in path.split("."):
        if isinstance(value, Instance) and part in value.attrs:
            value = value.attrs[part]
        elif _class_of(value) is not None and _class_of(value).attribute(part, _ABSENT) is not _ABSENT:
            value = _class_of(value).attribute(part)  # a class attribute, read through the class or an instance
        elif isinstance(value, SimpleNamespace) and hasattr(value, part):  # argparse flags at their defaults
            value = getattr(value, part)
        elif default is MISSING:
            raise KeyError(path)
        else:
            return default
    return value


_ABSENT = object()


def _class_of(value: Any) -> UserClass | None:
    return value if isinstance(value, UserClass) else value.cls if isinstance(value, Instance) else None


class EnvScope(Scope):
    """A constant-propagation scope over an Env: symbolic values are not constants."""

    def __init__(self, env: Env, fallback=None):
        super().__init__(fallback=fallback)
        self.env = env

    def lookup(self, name: str) -> Any:
        value = self.env.get(name)
        if is_symbolic(value):
            raise KeyError(name)
        return value
