"""What verify said about one migrated file, turned into its status and report entry."""
from __future__ import annotations

from pathlib import Path

from .files import DIVERGED, UNVERIFIED, VERIFIED, Entry


def task_for(number: int, entry: Entry, source: Path, output: Path, settings) -> dict:
    write = settings.write
    return {"id": number, "path": entry.path, "source": str(source / entry.path),
            "migrated": str(output / entry.output), "framework": entry.framework, "style": write.style,
            "layout": write.layout, "trials": settings.trials, "train": settings.train}


def settle(entry: Entry, found: dict, seconds: float, source: Path, output: Path) -> None:
    entry.timings["verify_s"] = round(seconds, 4)
    if "crashed" in found or "failed" in found:
        why = found.get("crashed") or found["failed"][0]
        _unverified(entry, why, [{"severity": "error", "message": why, "file": None, "line": 0, "col": 0}])
    elif "refused" in found:
        shown = [_placed(d, entry, source, output) for d in found["refused"]]
        _unverified(entry, shown[0]["message"] if shown else "verify refused", shown)
    else:
        _judged(entry, found)


def _unverified(entry: Entry, why: str, diagnostics: list[dict]) -> None:
    entry.status, entry.reason = UNVERIFIED, why
    entry.diagnostics += [{**d, "phase": "verify"} for d in diagnostics]


def _placed(d: dict, entry: Entry, source: Path, output: Path) -> dict:
    """A verify diagnostic with its file shown relative to the folder, and the pane it points at."""
    file = d.get("file")
    if file == str(source / entry.path):
        return {**d, "file": entry.path, "pane": "source"}
    if entry.output and file == str(output / entry.output):
        return {**d, "file": entry.output, "pane": "migrated"}
    return d


def _judged(entry: Entry, found: dict) -> None:
    forward = found["forward"]
    entry.verify = {"mad": forward["max"], "atol": forward["atol"], "trials": forward["trials"],
                    "first_diverging": forward["first_diverging"], "per_layer": forward["per_layer"],
                    "not_compared": forward["not_compared"], "notes": forward["notes"],
                    "skipped": forward["skipped"], "scenario": forward["scenario"]}
    entry.plot = forward.get("plot", "")
    training = found.get("training")
    if training is not None:
        entry.verify["training"] = training
    if not forward["passed"]:
        layer = forward["first_diverging"]
        entry.status = DIVERGED
        entry.reason = f"max abs difference {forward['max']:.3g} > {forward['atol']:g}" + (
            f"; first diverging layer: {layer}" if layer else "")
    elif training is not None and not training.get("absent") and not training["passed"]:
        entry.status = DIVERGED
        entry.reason = "training diverges: " + training["summary"].splitlines()[0]
    else:
        entry.status = VERIFIED
        entry.reason = f"max abs difference {forward['max']:.3g} over {len(forward['trials'])} trials"
