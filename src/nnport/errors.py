"""Diagnostics: every problem nnport reports names a place in the source."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceLoc:
    file: str
    line: int = 0
    col: int = 0

    def __deepcopy__(self, memo):  # immutable: copies of a model share it
        return self

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    loc: SourceLoc | None
    message: str
    severity: str = "error"  # "error" | "warning" | "note"

    def __str__(self) -> str:
        where = f"{self.loc}: " if self.loc else ""
        return f"{where}{self.severity}: {self.message}"


class NnportError(Exception):
    """A user-facing failure; carries one or more diagnostics."""

    def __init__(self, message: str, loc: SourceLoc | None = None, diagnostics=None):
        self.diagnostics = list(diagnostics or [Diagnostic(loc, message)])
        super().__init__("\n".join(str(d) for d in self.diagnostics))


@dataclass
class Reporter:
    """Collects diagnostics while a pass runs; nothing is ever dropped silently."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, loc: SourceLoc | None = None) -> None:
        self.diagnostics.append(Diagnostic(loc, message, "error"))

    def warning(self, message: str, loc: SourceLoc | None = None) -> None:
        self.diagnostics.append(Diagnostic(loc, message, "warning"))

    def note(self, message: str, loc: SourceLoc | None = None) -> None:
        self.diagnostics.append(Diagnostic(loc, message, "note"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]
