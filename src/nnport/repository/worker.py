"""A verify worker: ``python -m nnport.repository.worker``. Imports the frameworks once, then
answers one JSON line on its protocol pipe for each JSON line read on stdin (a file to verify).

What the user's code prints goes to stderr, never into the protocol: the pipe is stdout as
the worker started, and stdout itself is pointed at stderr.
"""
from __future__ import annotations

import json
import os
import sys


def _protocol():
    pipe = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return pipe


def _load_frameworks() -> None:
    threads = int(os.environ.get("NNPORT_WORKER_THREADS", "0"))
    from ..weights.frameworks import import_keras

    import_keras()
    import torch

    if threads:
        torch.set_num_threads(threads)


def _fresh_random_state() -> None:
    """Every file starts from the same random state (the weights a model draws when it is built),
    whichever files the worker verified before: the same tree gives the same figures."""
    import keras
    import torch

    keras.utils.set_random_seed(0)
    torch.manual_seed(0)


def _forward(task: dict) -> dict:
    from ..verify.files import verify

    result = verify(task["source"], task["migrated"], framework=task.get("framework"), style=task.get("style"),
                    layout=task.get("layout", "source"), trials=task.get("trials", 100),
                    seed=task.get("seed", 0), atol=task.get("atol", 1e-5))
    return {**result.to_dict(), "plot": _plot(result.trials, task["path"])}


def _plot(trials: list[float], label: str) -> str:
    """verify's box plot of the file, as base64 PNG; empty without matplotlib."""
    import base64
    import tempfile
    from pathlib import Path

    from ..errors import NnportError
    from ..verify.plot import box_plot

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plot.png"
        try:
            box_plot({label: trials}, path)
        except NnportError:  # matplotlib is not installed: the report goes without the picture
            return ""
        return base64.b64encode(path.read_bytes()).decode("ascii")


def _training(task: dict) -> dict:
    from ..errors import NnportError
    from ..verify.training import verify_training

    try:
        result = verify_training(task["source"], task["migrated"], framework=task.get("framework"),
                                 style=task.get("style"), layout=task.get("layout", "source"),
                                 steps=task.get("steps", 5), seed=task.get("seed", 0))
    except NnportError as exc:
        if "no training code read" in str(exc):
            return {"absent": True}
        raise
    return {**result.to_dict(), "summary": result.summary()}


def answer(task: dict) -> dict:
    """What verify found for one file, or the diagnostics why it could not say."""
    from ..errors import NnportError
    from ..failures import internal_error

    try:
        found = {"forward": _forward(task)}
        if task.get("train"):
            found["training"] = _training(task)
        return found
    except NnportError as exc:
        return {"refused": [_plain(d) for d in exc.diagnostics]}
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - the user's code or a bug: the run goes on
        return {"failed": internal_error(exc, task["source"])}
    finally:
        _forget()


def _plain(d) -> dict:
    loc = d.loc
    return {"severity": d.severity, "message": d.message, "file": loc.file if loc else None,
            "line": loc.line if loc else 0, "col": loc.col if loc else 0}


def _forget() -> None:
    """Free what one file built before the next one (Keras keeps every model it made)."""
    import contextlib
    import gc

    with contextlib.suppress(Exception):  # freeing memory is best effort
        import keras

        keras.backend.clear_session()
    gc.collect()


def main() -> None:
    pipe = _protocol()
    _load_frameworks()
    pipe.write(json.dumps({"ready": True}) + "\n")
    pipe.flush()
    for line in sys.stdin:
        task = json.loads(line)
        _fresh_random_state()
        pipe.write(json.dumps({"id": task["id"], **answer(task)}) + "\n")
        pipe.flush()


if __name__ == "__main__":
    main()
