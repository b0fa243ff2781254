"""Canonical attributes a target spelling cannot write, so that none is dropped silently.

An attribute is written when an argument of the spelling carries it or a hook reads it (a
hook's output states it: a formula, a stack of layers, a wrapper class). What is left, when it
differs from the kind's default, changes what the generated code does and must be reported.
Left out of the check: attributes the target infers from the input (``Attr.inferred``, an input's
width named by ``Kind.input_widths``), axis
attributes (roles, placed by the layout pass) and the call form of multi-output layers (the
keys of an ``outputs_to_fw`` hook: derived from the outputs used, call by call).
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

from ..catalog.schema import Kind, Spelling


class Reads(dict):
    """A dict of attributes that records which ones are looked up."""

    def __init__(self, attrs: dict):
        super().__init__(attrs)
        self.read: set[str] = set()

    def __getitem__(self, name):
        self.read.add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self.read.add(name)
        return super().get(name, default)


def hook_reads(hook: Callable[..., Any], attrs: dict, *extra: Any) -> set[str]:
    """The attributes ``hook(attrs, *extra)`` looks up."""
    seen = Reads(attrs)
    hook(seen, *extra)
    return seen.read


def call_form(kind: Kind) -> set[str]:
    """Attributes that only say which outputs a call returns (Keras return_sequences ...)."""
    found: set[str] = set()
    for spelling in kind.spellings:
        if "outputs_to_fw" in spelling.hooks:
            found |= set(spelling.hooks["outputs_to_fw"](()))
    return found


def unwritten(kind: Kind, spelling: Spelling, attrs: dict, read: Iterable[str] = ()) -> dict[str, Any]:
    """Attributes of ``attrs`` with a non-default value that neither ``spelling``'s arguments
    carry nor a hook read (``read``)."""
    written = {a.attr for a in spelling.args if a.attr} | set(read) | call_form(kind)
    found = {}
    for attr in kind.attrs:
        if attr.inferred or attr.name in kind.input_widths or attr.type in ("axis", "axes") or attr.name in written \
                or attr.name not in attrs:  # an input's width: the call's input gives it
            continue
        if attrs[attr.name] != attr.default:
            found[attr.name] = attrs[attr.name]
    return found


def describe(kind: Kind, module_name: str, spelling: Spelling, dropped: dict[str, Any]) -> str:
    """The warning, naming each value as the other framework's spelling writes it when that differs."""
    values = ", ".join(f"{k}={v!r}{_source_name(kind, spelling, k)}" for k, v in dropped.items())
    defaults = ", ".join(f"{k}={kind.attr(k).default!r}" for k in dropped)
    return (f"{kind.name} {module_name!r}: {values} has no equivalent in {spelling.name}; not written "
            f"(the generated code behaves as with {defaults})")


def changes_forward(kind: Kind, dropped: dict[str, Any]) -> bool:
    """Whether leaving ``dropped`` out changes what the network computes (not only how it trains)."""
    return any(not kind.attr(name).neutral for name in dropped)


def _source_name(kind: Kind, target: Spelling, name: str) -> str:
    source = next((s for s in kind.spellings if s.framework != target.framework and s.form == "layer"), None)
    arg = next((a for a in source.args if a.attr == name), None) if source else None
    return "" if arg is None or arg.name == name else f" ({arg.name}= of {source.name})"
