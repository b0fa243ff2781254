"""``nnport migrate SRC_DIR -o OUT_DIR``: every file of the tree migrated (statically, in this
process), then each migration verified by the worker processes, then the reports. The source
folder is only read."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import NnportError, SourceLoc
from ..failures import EXIT_DIVERGED, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK
from ..options import WriteOptions
from .files import (
    DIVERGED,
    FAILED,
    MIGRATED,
    REFUSED,
    UNVERIFIED,
    Entry,
    migrate_file,
    output_name,
)
from .progress import Progress
from .verdicts import settle, task_for
from .walk import walk

EXITS = {DIVERGED: EXIT_DIVERGED, REFUSED: EXIT_INPUT, UNVERIFIED: EXIT_INPUT, FAILED: EXIT_INTERNAL}


@dataclass(frozen=True)
class Settings:
    write: WriteOptions
    framework: str | None = None  # --from: the source framework of every file
    verify: bool = False
    train: bool = False
    jobs: int = 1
    timeout: float = 300.0
    trials: int = 10
    quiet: bool = False


@dataclass
class Run:
    source: Path
    output: Path
    settings: Settings
    entries: list[Entry] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_status(self) -> int:
        return max((EXITS.get(e.status, EXIT_OK) for e in self.entries), default=EXIT_OK)


def check_folders(source: Path, output: Path) -> None:
    """The output folder may neither be the source folder, nor lie inside it, nor hold it."""
    src, out = source.resolve(), output.resolve()
    if out == src or src in out.parents:
        raise NnportError(f"the output folder {output} is inside the source folder {source}: "
                          "nnport never writes into the source; choose a folder outside it", SourceLoc(str(output)))
    if out in src.parents:
        raise NnportError(f"the output folder {output} holds the source folder {source}: the migrated tree "
                          "could land on the source files; choose a folder outside it", SourceLoc(str(output)))
    if out.exists() and not out.is_dir():
        raise NnportError("is not a folder; name a folder to write the migrated tree into", SourceLoc(str(output)))


def check_frameworks() -> None:
    import importlib.util

    missing = [name for name in ("torch", "keras") if importlib.util.find_spec(name) is None]
    if missing:
        raise NnportError(f"--verify runs both frameworks, and {' and '.join(missing)} is not installed: "
                          "pip install 'nnport[all]'")


def migrate_tree(source: Path, output: Path, settings: Settings) -> Run:
    check_folders(source, output)
    if settings.verify:
        check_frameworks()
    start = time.perf_counter()
    files = walk(source)
    run = Run(source, output, settings)
    progress = Progress(len(files), settings.quiet)
    _migrate_all(run, files, progress)
    if settings.verify:
        _verify_all(run, progress)
    progress.finish()
    run.seconds = time.perf_counter() - start
    return run


def _migrate_all(run: Run, files: list[Path], progress: Progress) -> None:
    walked = set(files)
    try:
        run.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NnportError(f"cannot create the output folder: {exc.strerror or exc}", SourceLoc(str(run.output))) from None
    for relative in files:
        entry = migrate_file(run.source, relative, run.output, output_name(relative, walked),
                             run.settings.write, run.settings.framework)
        run.entries.append(entry)
        progress.migrated(entry.path)


def _verify_all(run: Run, progress: Progress) -> None:
    """Each migrated file verified by a pool of workers (no more workers than files)."""
    from .workers import Pool

    tasks = [task_for(number, entry, run.source, run.output, run.settings)
             for number, entry in enumerate(run.entries) if entry.status == MIGRATED]
    if not tasks:
        return
    lock = threading.Lock()
    answers: dict[int, tuple[dict, float]] = {}

    def done(task: dict, found: dict, seconds: float) -> None:
        with lock:
            answers[task["id"]] = (found, seconds)
            progress.verified(task["path"])

    progress.queued(len(tasks))
    pool = Pool(min(run.settings.jobs, len(tasks)), run.settings.timeout, done)
    try:
        for task in tasks:
            pool.submit(task)
        pool.close()
    except BaseException:  # interrupted: no worker outlives the run
        pool.abort()
        raise
    for number, (found, seconds) in sorted(answers.items()):
        settle(run.entries[number], found, seconds, run.source, run.output)
