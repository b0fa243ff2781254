"""Writing results: atomically, and never over the input.

Everything goes to a temporary file in the destination folder, then ``os.replace``: a failed
write never leaves half a file behind. The result keeps the mode of the file it replaces; a
new file gets the mode the umask gives (as ``open`` would), not the 0600 of a temporary file.
"""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import NnportError, SourceLoc
from .failures import phase


def write_atomically(path: Path, data: str | bytes, source: Path | None = None) -> None:
    with replacing(path, source) as tmp:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8")


@contextmanager
def replacing(path: Path, source: Path | None = None, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside ``path`` to write; it replaces ``path`` when the block ends without
    an error and is removed otherwise. An output that cannot be written is an NnportError."""
    path = Path(path)
    where = SourceLoc(str(path))
    target = check_output(path, source)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
        why = f"{blocking} is not a folder" if blocking else _why(exc)
        raise NnportError(f"cannot create the folder {folder}: {why}", where) from None
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=suffix)
    except OSError as exc:
        raise NnportError(f"cannot create a file in {folder}: {_why(exc)}", where) from None
    os.close(fd)
    tmp = Path(name)
    try:
        mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
        with phase("writing", path):
            yield tmp
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        raise NnportError(f"cannot write: {_why(exc)}", where) from None
    finally:
        tmp.unlink(missing_ok=True)


def check_output(path: Path, source: Path | None = None) -> Path:
    """The file to replace (a link's target); NnportError for the input itself, a folder, or a
    device or other file that is not a regular one."""
    where = SourceLoc(str(path))
    target = path.resolve() if path.is_symlink() else path
    if source is not None and target.resolve() == Path(source).resolve():
        raise NnportError("refusing to write the output over the input", where)
    if target.is_dir():
        raise NnportError("is a folder; name a file to write", where)
    if target.exists() and not target.is_file():
        raise NnportError("is not a regular file (a device, pipe or socket); name a file to write", where)
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
