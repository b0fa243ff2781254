"""TODO comments marking, at their place in the generated training code, what the source's
training or data code does that the migration leaves out (each was also warned about).

``# TODO(nnport): <what> — source line N: <code>``, wrapped to fit the line length where the
comment goes (a loop body at most); the source's code is cut, never the line number.
"""
from __future__ import annotations

import textwrap

from ...ir.training import PLACES
from ..render import LINE_LENGTH

WIDTH = LINE_LENGTH - 8  # the deepest place a comment goes: the body of the epoch loop
# places a target has no code of its own for: where their comment goes instead
KERAS_PLACES = {"step": "optimizer", "schedule": "optimizer", "loss": "compile", "metrics": "compile",
                "batch": "data"}


def todo_comments(entries: list, target: str, has: set[str] = frozenset()) -> dict[str, list[str]]:
    """Comment lines per place of the target's skeleton, each place's in source order. ``has``
    names the optional places the skeleton has this time ("batch": a prepare function)."""
    places = {p: [] for p in (*PLACES, "compile")}
    ordered = sorted((_entry(e) for e in entries), key=lambda e: (e["line"] or 0, e["col"] or 0, e["what"]))
    for entry in ordered:
        place = entry["place"]
        if target == "keras":
            place = KERAS_PLACES.get(place, place)
        elif place == "batch" and "batch" not in has:
            place = "step"
        places[place] += comment(entry)
    return places


def _entry(entry) -> dict:
    """Entries of pivot models saved before they had places: plain text, marked in the script."""
    if isinstance(entry, str):
        return {"place": "script", "what": entry, "line": None, "col": None, "code": ""}
    return entry


def comment(entry: dict) -> list[str]:
    what = f"# TODO(nnport): {entry['what']}"
    where = f"— source line {entry['line']}: " if entry.get("line") else ""
    code = entry.get("code") or ""
    if len(what) + 1 + len(where) + len(code) <= WIDTH:
        return [f"{what} {where}{code}".rstrip()]
    lines = textwrap.wrap(what, WIDTH, subsequent_indent="#   ", break_on_hyphens=False)
    if where or code:
        room = WIDTH - len("#   ") - len(where)
        shown = code if len(code) <= room else code[:max(room - 3, 10)].rstrip() + "..."
        lines.append(f"#   {where}{shown}".rstrip())
    return lines
