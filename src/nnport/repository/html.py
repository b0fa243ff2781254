"""``nnport-report.html``: one self-contained page (inline CSS, JS and pictures) from the
templates beside this file. The page holds no timings, so the same run writes the same page."""
from __future__ import annotations

import re

import jinja2
from markupsafe import Markup

from .files import (
    DIVERGED,
    FAILED,
    IN_TARGET,
    NOT_A_NETWORK,
    REFUSED,
    UNVERIFIED,
    Entry,
)

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("nnport.repository", "templates"), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
_SLUG = re.compile(r"[^A-Za-z0-9]+")
BAD = {DIVERGED, FAILED, REFUSED, UNVERIFIED}


def anchor(number: int, path: str) -> str:
    return f"f{number}-{_SLUG.sub('-', path).strip('-').lower()}"


def render_html(run, data: dict) -> str:
    entries = sorted(run.entries, key=lambda e: e.path)
    files = [_file(number, e) for number, e in enumerate(entries, start=1)]
    return _ENV.get_template("report.html.j2").render(
        report=data, files=files, statuses=list(data["summary"]), total=len(entries))


def _file(number: int, entry: Entry) -> dict:
    name = anchor(number, entry.path)
    diagnostics = [_diagnostic(d, entry, name) for d in entry.diagnostics]
    marked = {"source": {}, "migrated": {}}
    for d in diagnostics:
        if d["target"]:
            marked[d["pane"]].setdefault(d["line"], d["severity"])
    verify = entry.verify or {}
    return {"entry": entry, "anchor": name, "bad": entry.status in BAD,
            "section": entry.status not in (NOT_A_NETWORK, IN_TARGET) or bool(entry.diagnostics),
            "warnings": sum(d["severity"] == "warning" for d in entry.diagnostics),
            "errors": sum(d["severity"] == "error" for d in entry.diagnostics),
            "mad": verify.get("mad"), "diagnostics": diagnostics,
            "source_lines": _lines(entry.source, f"{name}-s", marked["source"]),
            "migrated_lines": _lines(entry.code, f"{name}-m", marked["migrated"]),
            "diagram": Markup(_unique_ids(entry.diagram, name)) if entry.diagram else "",
            "training": _training(verify.get("training"))}


def _training(found: dict | None) -> str | None:
    if found is None:
        return None
    return "no training code read: nothing to compare" if found.get("absent") else found["summary"]


def _diagnostic(d: dict, entry: Entry, name: str) -> dict:
    pane = d.get("pane") or ("source" if d.get("file") == entry.path else None)
    shown_pane = pane if pane == "source" or (pane == "migrated" and entry.code) else None
    line = d.get("line") or 0
    target = f"#{name}-{pane[0]}{line}" if shown_pane and line and _has_line(entry, pane, line) else ""
    where = f"{d['file']}:{line}:{d.get('col', 0)}" if d.get("file") else ""
    return {**d, "pane": pane, "target": target, "where": where, "line": line}


def _has_line(entry: Entry, pane: str, line: int) -> bool:
    text = entry.source if pane == "source" else entry.code
    return line <= text.count("\n") + 1


def _lines(text: str, prefix: str, marked: dict[int, str]) -> list[dict]:
    return [{"n": n, "id": f"{prefix}{n}", "text": line, "mark": marked.get(n, "")}
            for n, line in enumerate(text.splitlines(), start=1)]


def _unique_ids(svg: str, name: str) -> str:
    """Each diagram's arrow marker gets its own id: one page holds many diagrams."""
    return svg.replace('id="arrow"', f'id="{name}-arrow"').replace("url(#arrow)", f"url(#{name}-arrow)")
