"""Exit statuses of the command line, and what it says when nnport itself fails.

Bad input is an ``NnportError``: diagnostics with file:line:col, exit 2. Any other exception
is a bug of nnport: one line names the file and the phase it happened in (``phase`` marks
them as work goes through a file), exit 3; the traceback only with ``nnport --debug``.
"""
from __future__ import annotations

import traceback
from contextlib import contextmanager

from .errors import NnportError

EXIT_OK, EXIT_DIVERGED, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_PIPE = 130, 141  # as a shell reports Ctrl-C and SIGPIPE

_EXIT_HELP = {
    "success": (EXIT_OK, "success"),
    "agree": (EXIT_OK, "SOURCE and MIGRATED agree within --atol"),
    "both": (EXIT_OK, "success (for verify: SOURCE and MIGRATED agree within --atol)"),
    "diverged": (EXIT_DIVERGED, "MIGRATED diverges from SOURCE (above --atol)"),
    "verify only": (EXIT_DIVERGED, "verify only: MIGRATED diverges from SOURCE (above --atol)"),
    "input": (EXIT_INPUT, "bad input: each problem is reported as FILE:LINE:COL: error: ..."),
    "internal": (EXIT_INTERNAL, ("internal error, a bug of nnport: one line names the file and the phase "
                                "(`nnport --debug ...` prints the traceback)")),
    "stopped": (EXIT_INTERRUPTED, f"interrupted ({EXIT_PIPE} when the reader of the output closed it early)"),
}
_EXITS = {"command": ("success", "input", "internal", "stopped"),
          "verify": ("agree", "diverged", "input", "internal", "stopped"),
          "all": ("both", "verify only", "input", "internal", "stopped")}
_PHASE = "_nnport_phase"


def exit_help(which: str = "command") -> str:
    """The epilog of --help listing the exit statuses: of a ``command``, of ``verify``, or ``all``."""
    return "Exit status: " + "; ".join("{} {}".format(*_EXIT_HELP[key]) for key in _EXITS[which]) + "."


@contextmanager
def phase(name: str, file=None):
    """Name the phase (and file) of work in progress for an unexpected exception raised inside;
    the innermost phase wins. Diagnostics (NnportError) pass through unmarked."""
    try:
        yield
    except Exception as exc:
        if getattr(exc, _PHASE, None) is None and not isinstance(exc, NnportError):
            try:
                setattr(exc, _PHASE, (name, str(file) if file else None))
            except (AttributeError, TypeError):  # an exception type that takes no attributes
                pass
        raise


def internal_error(exc: BaseException, file: str | None = None, debug: bool = False) -> list[str]:
    """The lines printed for an unexpected exception: what, where, and a request to report it."""
    name, marked = getattr(exc, _PHASE, None) or (None, None)
    where = marked or file
    message = (str(exc).strip().splitlines() or [""])[0]
    if len(message) > 200:
        message = message[:197] + "..."
    head = "nnport: internal error" + (f" in {where}" if where else "") + (f" while {name}" if name else "")
    lines = [f"{head}: {type(exc).__name__}" + (f": {message}" if message else "")]
    if debug:
        lines.append("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip())
    lines.append("This is a bug of nnport; please report it with the command and the input"
                 + ("." if debug else " (run `nnport --debug ...` for the traceback)."))
    return lines
