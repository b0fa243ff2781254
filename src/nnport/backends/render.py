"""Rendering the Jinja skeletons and formatting the result (black, line length 100)."""
from __future__ import annotations

import black
import jinja2

from ..ir.graph import PivotModel
from ..options import WriteOptions

LINE_LENGTH = 100

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("nnport.backends", "templates"), trim_blocks=True,
                          lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)

_FRAMEWORK = {
    "torch": {"base_class": "nn.Module", "sequential_base": "nn.Sequential", "method": "forward",
              "init_params": "", "super_args": "", "list_container": False, "base_import": "from torch import nn"},
    "keras": {"base_class": "keras.Model", "sequential_base": "keras.Sequential", "method": "call",
              "init_params": ", **kwargs", "super_args": "**kwargs", "list_container": True,
              "base_import": "import keras"},
}


def render(model: PivotModel, write: WriteOptions, emitter, helpers: list[str], classes, training) -> str:
    spec = _FRAMEWORK[write.target]
    emitter.imports.add(spec["base_import"])
    source = model.source.file.rsplit("/", 1)[-1] if model.source.file else "a pivot model"
    framework = {"torch": "PyTorch", "keras": "Keras 3"}[write.target]
    text = _ENV.get_template("module.py.j2").render(
        docstring=f"{framework} code migrated from {source} by nnport.",
        imports=emitter.imports.lines(), helpers=helpers, networks=classes, training=training, **spec)
    return format_code(text)


def format_code(text: str) -> str:
    """Black with the project's line length; raises NnportError-free ValueError on invalid code."""
    return black.format_str(text, mode=black.Mode(line_length=LINE_LENGTH))
