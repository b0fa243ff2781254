"""Progress on stderr: one line rewritten in place on a terminal, a line per step in a log, nothing
with --quiet."""
from __future__ import annotations

import shutil
import sys


class Progress:
    def __init__(self, files: int, quiet: bool, stream=None):
        self.stream = stream or sys.stderr
        self.quiet, self.live = quiet, not quiet and self.stream.isatty()
        self.files, self.migrated_count, self.queued_count, self.verified_count = files, 0, 0, 0
        self.shown = 0

    def migrated(self, path: str) -> None:
        self.migrated_count += 1
        self._show(path)

    def queued(self, count: int) -> None:
        self.queued_count += count

    def verified(self, path: str) -> None:
        self.verified_count += 1
        self._show(path)

    def _show(self, path: str) -> None:
        if self.quiet:
            return
        line = f"migrated {self.migrated_count}/{self.files}"
        if self.queued_count:
            line += f"  verified {self.verified_count}/{self.queued_count}"
        if not self.live:
            self.stream.write(f"{line}  {path}\n")
            return
        line = f"{line}  {path}"[: shutil.get_terminal_size().columns - 1]
        self.stream.write("\r" + line.ljust(self.shown))
        self.stream.flush()
        self.shown = len(line)

    def finish(self) -> None:
        if self.live and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
