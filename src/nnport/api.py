"""The Python API: load a source into the pivot model, and migrate it.

Loading is static: it parses files and never imports or runs the user's code.
"""
from __future__ import annotations

import re
from pathlib import Path

from .errors import NnportError, Reporter, SourceLoc
from .ir import PivotModel
from .options import ReadOptions, WriteOptions

_TORCH = re.compile(r"^\s*(import torch|from torch)\b", re.M)
_KERAS = re.compile(r"^\s*(import (tensorflow|keras|tf_keras)|from (tensorflow|keras|tf_keras))\b", re.M)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise NnportError(f"not UTF-8 text (byte {exc.start}): {exc.reason}", SourceLoc(str(path), 1, 0)) from None
    except OSError as exc:
        raise NnportError(f"cannot read: {exc.strerror}", SourceLoc(str(path))) from None


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
    text = read_text(path)
    if path.suffix == ".json":
        from .ir.serialize import loads
        return loads(text)
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
    return read(text, str(path), options, reporter)


def migrate(path: str | Path, write: WriteOptions, read: ReadOptions = ReadOptions(),
            reporter: Reporter | None = None) -> str:
    """Source file -> generated code in the target framework (as text)."""
    from .backends import generate
    from .passes.shapes import infer_shapes

    reporter = reporter if reporter is not None else Reporter()
    model = load(path, read, reporter)
    infer_shapes(model, reporter)
    if reporter.errors and not write.allow_partial:
        raise NnportError("cannot migrate", diagnostics=reporter.diagnostics)
    return generate(model, write, reporter)
