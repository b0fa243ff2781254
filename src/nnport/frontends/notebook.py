"""Jupyter notebooks: the code cells of an .ipynb joined into one Python source.

Line numbers of diagnostics then refer to the joined source; each cell starts with a
``# cell N`` comment so a reader can find it. IPython magics and shell lines are not Python:
they become comments saying so, never silently removed.
"""
from __future__ import annotations

from ..errors import NnportError
from ..reading import json_loc, load_json


def code_of(text: str, path: str) -> str:
    def fail(message, *steps):
        raise NnportError(f"not a Jupyter notebook ({message})", json_loc(text, path, steps))

    notebook = load_json(text, path, "a Jupyter notebook")
    if not isinstance(notebook, dict) or "cells" not in notebook:
        fail("no 'cells' list")
    cells = notebook["cells"]
    if not isinstance(cells, list):
        fail("'cells' is not a list", "cells")
    parts = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            fail(f"cell {number} is not an object", "cells", number - 1)
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            bad = next((i for i, line in enumerate(source) if not isinstance(line, str)), None)
            if bad is not None:
                fail(f"item {bad + 1} of the source of cell {number} is not a string", "cells", number - 1, "source",
                     bad)
            source = "".join(source)
        elif not isinstance(source, str):
            fail(f"the source of cell {number} is not a string or a list of strings", "cells", number - 1, "source")
        lines = source.splitlines()
        parts.append("\n".join([f"# cell {number}", *(_python_line(line) for line in lines)]))
    return "\n\n".join(parts) + "\n"


def _python_line(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith(("%", "!")):  # IPython magic or shell command: not part of the model
        indent = line[: len(line) - len(stripped)]
        return f"{indent}pass  # nnport: IPython line not read: {stripped}"
    return line
