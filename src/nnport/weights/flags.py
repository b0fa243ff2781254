"""Command-line flags a script requires: verify runs the file with no arguments, so a flag
declared ``required=True`` is read as absent (its default, ``None`` when it has none) instead
of argparse exiting; the flags so read are said in the notes and in any failure that follows."""
from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path


@contextlib.contextmanager
def relaxed(path: Path, found: list[tuple[str, int]]):
    """While the file at ``path`` runs, its required optional flags are not required; each one
    is appended to ``found`` as (flag, line of its add_argument)."""
    original = argparse._ActionsContainer.add_argument

    def add_argument(self, *args, **kwargs):
        if kwargs.get("required") and args and all(str(a).startswith(tuple(self.prefix_chars)) for a in args):
            kwargs["required"] = False
            found.append((max(args, key=len), _caller_line(path)))
        return original(self, *args, **kwargs)

    argparse._ActionsContainer.add_argument = add_argument
    try:
        yield found
    finally:
        argparse._ActionsContainer.add_argument = original


def _caller_line(path: Path) -> int:
    frame = sys._getframe(2)
    while frame is not None:
        if Path(frame.f_code.co_filename).resolve() == path:
            return frame.f_lineno
        frame = frame.f_back
    return 0


def describe(found: list[tuple[str, int]]) -> str:
    """``its required flag --dataset (line 17) read as absent (None or its default)``."""
    names = ", ".join(f"{flag} (line {line})" for flag, line in found)
    many = "s" if len(found) > 1 else ""
    return f"run without its required flag{many} {names}, read as absent (its default, else None)"
