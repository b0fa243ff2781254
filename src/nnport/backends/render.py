"""Rendering the Jinja skeletons and formatting the result (line length 100).

Formatting is ruff's black-compatible formatter, run as the binary that the ``ruff`` package
installs (about 10x faster than black, and black's import alone costs more than a migration);
black formats where that binary is missing.
"""
from __future__ import annotations

import functools
import subprocess

import jinja2

from ..ir.graph import PivotModel
from ..options import WriteOptions
from .dialects import DIALECTS

LINE_LENGTH = 100

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("nnport.backends", "templates"), trim_blocks=True,
                          lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)

def render(model: PivotModel, write: WriteOptions, emitter, helpers: list[str], classes, training) -> str:
    spec = DIALECTS[write.target].template_fields()
    emitter.imports.add(spec["base_import"])
    source = model.source.file.rsplit("/", 1)[-1] if model.source.file else "a pivot model"
    framework = {"torch": "PyTorch", "keras": "Keras 3"}[write.target]
    text = _ENV.get_template("module.py.j2").render(
        docstring=f"{framework} code migrated from {source} by nnport.",
        imports=emitter.imports.lines(), helpers=helpers, networks=classes, training=training, **spec)
    return format_code(text)


def format_code(text: str) -> str:
    """Formatted with the project's line length; raises ValueError on code that does not parse."""
    ruff = _ruff_binary()
    if ruff is None:
        import black

        return black.format_str(text, mode=black.Mode(line_length=LINE_LENGTH))
    # --isolated: no user configuration file may change the output
    done = subprocess.run([ruff, "format", "--isolated", f"--line-length={LINE_LENGTH}", "--target-version=py310",
                           "-"], input=text.encode("utf-8"), capture_output=True)
    if done.returncode:
        raise ValueError(f"generated code does not parse: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout.decode("utf-8")


@functools.cache
def _ruff_binary() -> str | None:
    """The binary of the ruff package in this environment (never another ruff on PATH: its
    version could format differently)."""
    try:
        from ruff import find_ruff_bin

        return find_ruff_bin()
    except (ImportError, FileNotFoundError):
        return None
