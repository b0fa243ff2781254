"""Static Keras / TensorFlow frontend: a .py file -> the pivot model, without running it.

Reads Sequential models (list or .add), the functional API, Model and Layer subclasses,
builder functions, compile/fit/GradientTape training and dataset loading.
"""
from __future__ import annotations

from ...errors import NnportError, Reporter, SourceLoc
from ...ir.graph import PivotModel, SourceInfo
from ...ir.training import add_left_out, left_out
from ...options import ReadOptions
from ..common import code_of, loc_of
from ..common.limits import parse
from .legacy import modernize
from .main import choose_main, collect
from .reader import Reader


def read(source: str, path: str, options: ReadOptions, reporter: Reporter) -> PivotModel:
    tree, notes, training_only = modernize(parse(source, path))
    for node, message in notes:  # Keras 1 / 2 spellings, read as their Keras 3 meaning
        reporter.warning(message, loc_of(node, path))
    reader = Reader(tree, path, reporter, dict(options.values))
    reader.run()
    for node, what in training_only:
        reader.left_out.append(left_out("loop", what, loc_of(node, path), code_of(node)))
    for entry in reader.left_out if reader.training is not None else ():
        add_left_out(reader.training, entry)
    main = choose_main(reader, options)
    if main is None and reporter.errors:  # what was reported is why no model could be read
        raise NnportError("cannot migrate", diagnostics=reporter.diagnostics)
    if main is None:
        raise NnportError("no Keras model found (no Sequential, Model(...) or Model subclass); "
                          "name one with --model", SourceLoc(path, 1, 1))
    model = PivotModel(source=SourceInfo(path, "keras", "", "channels_last"))
    collect(reader, main, model, options)
    return model


__all__ = ["read"]
