"""The reports of a run: ``nnport-report.json`` (every file, its status, diagnostics, verify
figures and timings) and ``nnport-report.html`` (made from ``templates/``, see ``html``)."""
from __future__ import annotations

import json
import math
from importlib import metadata
from pathlib import Path

from ..output import write_atomically
from .files import STATUSES, Entry

JSON_NAME, HTML_NAME = "nnport-report.json", "nnport-report.html"
ENTRY_FIELDS = ("path", "status", "reason", "framework", "model", "output", "diagnostics", "verify", "timings")


def version() -> str:
    try:
        return metadata.version("nnport")
    except metadata.PackageNotFoundError:
        return "unknown"


def counts(entries: list[Entry]) -> dict[str, int]:
    return {status: n for status in STATUSES if (n := sum(e.status == status for e in entries))}


def options(run) -> dict:
    s = run.settings
    return {"target": s.write.target, "style": s.write.style, "layout": s.write.layout,
            "only_model": s.write.only_model, "allow_partial": s.write.allow_partial, "from": s.framework,
            "verify": s.verify, "train": s.train, "trials": s.trials if s.verify else None,
            "timeout_s": s.timeout if s.verify else None}


def report_dict(run) -> dict:
    entries = sorted(run.entries, key=lambda e: e.path)
    return {"nnport": version(), "source": str(run.source), "output": str(run.output), "options": options(run),
            "summary": counts(entries), "exit_status": run.exit_status,
            "files": [{name: getattr(e, name) for name in ENTRY_FIELDS} for e in entries],
            "timings": {"total_s": round(run.seconds, 3)}}


def _finite(value):
    """JSON has no inf or nan: they are written as strings."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def write_reports(run) -> tuple[Path, Path]:
    from .html import render_html

    data = report_dict(run)
    json_path, html_path = run.output / JSON_NAME, run.output / HTML_NAME
    write_atomically(json_path, json.dumps(_finite(data), indent=2, sort_keys=True) + "\n")
    write_atomically(html_path, render_html(run, data))
    return json_path, html_path


def summary_line(run) -> str:
    found = counts(run.entries)
    parts = ", ".join(f"{n} {status}" for status, n in found.items())
    return f"{len(run.entries)} files: {parts or 'none'} ({run.seconds:.1f} s)"
