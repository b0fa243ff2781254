"""One file of the tree: is it a network, and if so its migration (written under the output
folder), its diagnostics and its diagram. Static, like ``nnport migrate``: nothing is run."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import api
from ..errors import Diagnostic, NnportError, Reporter
from ..failures import internal_error
from ..options import ReadOptions, WriteOptions

MIGRATED, VERIFIED, DIVERGED, UNVERIFIED, REFUSED, FAILED, IN_TARGET, NOT_A_NETWORK = (
    "migrated", "verified", "diverged", "unverified", "refused", "failed", "already in target", "not a network")
STATUSES = (DIVERGED, FAILED, REFUSED, UNVERIFIED, VERIFIED, MIGRATED, IN_TARGET, NOT_A_NETWORK)  # worst first


@dataclass
class Entry:
    """What happened to one file; ``source``, ``code`` and ``diagram`` feed the HTML report only."""

    path: str  # relative to the source folder, with /
    status: str = NOT_A_NETWORK
    reason: str = ""  # why it is not a network, or what stopped it, in one line
    framework: str | None = None
    model: str | None = None  # the network read (as --model would name it)
    output: str | None = None  # the migrated file, relative to the output folder
    diagnostics: list[dict] = field(default_factory=list)
    verify: dict | None = None
    timings: dict[str, float] = field(default_factory=dict)
    source: str = ""
    code: str = ""
    diagram: str = ""
    plot: str = ""


def output_name(relative: Path, walked: set[Path]) -> Path:
    """Where a file's migration goes: the same path; a notebook becomes a script beside it
    (``nb.ipynb`` -> ``nb.py``, or ``nb_ipynb.py`` where the folder has an ``nb.py`` too)."""
    if relative.suffix != ".ipynb":
        return relative
    script = relative.with_suffix(".py")
    return relative.with_name(f"{relative.stem}_ipynb.py") if script in walked else script


def diagnostic(d: Diagnostic, path: Path, relative: str) -> dict:
    loc = d.loc
    shown = relative if loc is not None and Path(loc.file) == path else (loc.file if loc else None)
    return {"severity": d.severity, "message": d.message, "file": shown,
            "line": loc.line if loc else 0, "col": loc.col if loc else 0}


def _frameworks(text: str, forced: str | None) -> list[str]:
    if forced:
        return [forced]
    return api.imported_frameworks(text)


def _model(path: Path, text: str, forced: str | None) -> tuple[str | None, str | None]:
    """(framework, the default network) of a file, or (None, why not a network). NnportError
    when the file cannot be read (a syntax error)."""
    found = []
    for framework in _frameworks(text, forced):
        networks = api.candidates(path, ReadOptions(framework=framework))
        if networks:
            found.append((framework, next((c for c in networks if c.default), networks[0]).model))
    if len(found) == 1:
        return found[0]
    if found:
        raise NnportError("holds both PyTorch and Keras networks; migrate it alone with --from torch|keras")
    if not _frameworks(text, forced):
        return None, "imports neither PyTorch nor Keras"
    return None, "no network that could be the model (nnport inspect --list)"


def migrate_file(root: Path, relative: Path, out_root: Path, out_name: Path, write: WriteOptions,
                 forced: str | None) -> Entry:
    start = time.perf_counter()
    entry = Entry(relative.as_posix())
    path = root / relative
    reporter = Reporter()
    try:
        _migrate(entry, path, out_root / out_name, write, forced, reporter)
        entry.output = out_name.as_posix() if entry.status == MIGRATED else None
    except NnportError as exc:
        entry.status, entry.reason = REFUSED, str(exc.diagnostics[0].message) if exc.diagnostics else str(exc)
        known = {str(d) for d in exc.diagnostics}
        found = [d for d in reporter.diagnostics if str(d) not in known] + exc.diagnostics
        entry.diagnostics = [diagnostic(d, path, entry.path) for d in found]
    except Exception as exc:  # noqa: BLE001 - a bug of nnport on this file: reported, the run goes on
        entry.status, entry.reason = FAILED, internal_error(exc, entry.path)[0]
    entry.timings["migrate_s"] = round(time.perf_counter() - start, 4)
    return entry


def _migrate(entry: Entry, path: Path, out: Path, write: WriteOptions, forced: str | None,
             reporter: Reporter) -> None:
    from ..output import write_atomically

    text = api.read_text(path)
    entry.source = _shown_source(path, text)
    framework, model = _model(path, entry.source, forced)
    if framework is None:
        entry.reason = model
        return
    entry.framework, entry.model = framework, model
    if framework == write.target:
        entry.status, entry.reason = IN_TARGET, f"written in {framework} already: nothing to migrate"
        return
    pivot, code = api.migration(path, write, ReadOptions(framework=framework), reporter)
    write_atomically(out, code, source=path)
    entry.status, entry.code = MIGRATED, code
    entry.diagnostics = [diagnostic(d, path, entry.path) for d in reporter.diagnostics]
    entry.diagram = _diagram(pivot, entry)


def _shown_source(path: Path, text: str) -> str:
    """The code diagnostics count lines in: a notebook's code cells joined (see frontends.notebook)."""
    if path.suffix != ".ipynb":
        return text
    from ..frontends.notebook import code_of

    return code_of(text, str(path))


def _diagram(pivot, entry: Entry) -> str:
    from ..export.diagram import diagram_of, svg

    try:
        return svg(diagram_of(pivot))
    except Exception as exc:  # noqa: BLE001 - the report says so; the migration itself stands
        entry.diagnostics.append({"severity": "note", "message": f"no diagram: {internal_error(exc)[0]}",
                                  "file": entry.path, "line": 0, "col": 0})
        return ""
