"""The Python API: load a source into the pivot model, and migrate it.

Loading is static: it parses files and never imports or runs the user's code.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import NnportError, Reporter, SourceLoc
from .failures import phase
from .ir import PivotModel
from .ir.sizes import with_model_call
from .options import ReadOptions, WriteOptions

_TORCH = re.compile(r"^\s*(import torch|from torch)\b", re.M)
_KERAS = re.compile(r"^\s*(import (tensorflow|keras|tf_keras)|from (tensorflow|keras|tf_keras))\b", re.M)


def read_text(path: Path, reporter: Reporter | None = None) -> str:
    """Decoded as Python decodes source (BOM, coding declaration, else UTF-8; see ``reading``)."""
    from .reading import read_source

    return read_source(Path(path), reporter)


def imported_frameworks(source: str) -> list[str]:
    """The frameworks a source imports, of "torch" and "keras"."""
    return [name for name, pattern in (("torch", _TORCH), ("keras", _KERAS)) if pattern.search(source)]


def detect_framework(source: str, path: str) -> str:
    torch, keras = bool(_TORCH.search(source)), bool(_KERAS.search(source))
    if torch == keras:
        found = "both PyTorch and Keras" if torch else "neither PyTorch nor Keras"
        raise NnportError(f"imports {found}; say which with --from torch|keras", SourceLoc(path, 1, 0))
    return "torch" if torch else "keras"


def load(path: str | Path, options: ReadOptions = ReadOptions(), reporter: Reporter | None = None) -> PivotModel:
    """Read a .py (PyTorch or Keras), .ipynb, .json (pivot model) or .nn (text notation) file."""
    path = Path(path)
    reporter = reporter if reporter is not None else Reporter()
    with phase("reading", path):
        return _load(path, options, reporter)


def _load(path: Path, options: ReadOptions, reporter: Reporter) -> PivotModel:
    text = read_text(path, reporter)
    if path.suffix == ".json":
        from .ir.serialize import loads
        return loads(text, str(path))
    if path.suffix == ".nn":
        from .notation import parse
        return parse(text, str(path))
    if path.suffix == ".ipynb":
        from .frontends.notebook import code_of
        text = code_of(text, str(path))
    framework = options.framework or detect_framework(text, str(path))
    if framework == "torch":
        from .frontends.torch import read
    else:
        from .frontends.keras import read
    from .frontends.common.limits import reading

    with reading(str(path), reporter):
        return read(text, str(path), options, reporter)


def candidates(path: str | Path, options: ReadOptions | None = None, reporter: Reporter | None = None) -> list:
    """The networks of a .py or .ipynb file that could be the model, and how each would be built
    (``nnport inspect --list``; ``frontends/candidates.py``)."""
    from .frontends.common.limits import parse

    path = Path(path)
    text = read_text(path, reporter)
    if path.suffix == ".ipynb":
        from .frontends.notebook import code_of
        text = code_of(text, str(path))
    framework = (options.framework if options else None) or detect_framework(text, str(path))
    if framework == "torch":
        from .frontends.torch.candidates import candidates as found
    else:
        from .frontends.keras.candidates import candidates as found
    with phase("listing the models", path):
        return found(parse(text, str(path)), str(path))


def migrate(path: str | Path, write: WriteOptions, read: ReadOptions = ReadOptions(),
            reporter: Reporter | None = None) -> str:
    """Source file -> generated code in the target framework (as text)."""
    return migration(path, write, read, reporter)[1]


def migration(path: str | Path, write: WriteOptions, read: ReadOptions | None = None,
              reporter: Reporter | None = None) -> tuple[PivotModel, str]:
    """The pivot model read from a source file (shapes inferred) and the code generated from it."""
    from .backends import generate
    from .passes.shapes import infer_shapes

    read = read if read is not None else ReadOptions()
    reporter = reporter if reporter is not None else Reporter()
    model = load(path, read, reporter)
    with phase("inferring shapes", path):
        infer_shapes(model, reporter)
    if reporter.errors and not write.allow_partial:
        raise NnportError("cannot migrate", diagnostics=with_model_call(reporter.diagnostics, model.open_values))
    with phase(f"generating {write.target} code", path):
        try:
            return model, generate(model, write, reporter)
        except NnportError as exc:
            raise NnportError("cannot migrate", diagnostics=with_model_call(exc.diagnostics, model.open_values)) from None
