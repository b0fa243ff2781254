"""Jupyter notebooks: the code cells of an .ipynb joined into one Python source.

Line numbers of diagnostics then refer to the joined source; each cell starts with a
``# cell N`` comment so a reader can find it. IPython magics and shell lines are not Python:
they become comments saying so, never silently removed.
"""
from __future__ import annotations

import json

from ..errors import NnportError, SourceLoc


def code_of(text: str, path: str) -> str:
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NnportError(f"not a Jupyter notebook (invalid JSON: {exc.msg})", SourceLoc(path, exc.lineno, exc.colno))
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise NnportError("not a Jupyter notebook (no 'cells' list)", SourceLoc(path, 1, 1))
    parts = []
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        lines = "".join(source).splitlines() if isinstance(source, list) else str(source).splitlines()
        parts.append("\n".join([f"# cell {number}", *(_python_line(line) for line in lines)]))
    return "\n\n".join(parts) + "\n"


def _python_line(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith(("%", "!")):  # IPython magic or shell command: not part of the model
        indent = line[: len(line) - len(stripped)]
        return f"{indent}pass  # nnport: IPython line not read: {stripped}"
    return line
