"""Writing results: atomically, and never over the input."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import NnportError, SourceLoc


def write_atomically(path: Path, data: str | bytes, source: Path | None = None) -> None:
    if source is not None and path.resolve() == source.resolve():
        raise NnportError("refusing to write the output over the input", SourceLoc(str(path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
