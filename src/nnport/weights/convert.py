"""``nnport weights``: convert a trained source model's weight file for its migration.

This executes the source file (and the migrated one) to build both models.
"""
from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..options import ReadOptions, WriteOptions
from . import files, pairing, reorders, runtime

OTHER = {"torch": "keras", "keras": "torch"}


def convert_file(source: Path, weights: Path, target: str, output: Path, *, migrated: Path | None = None,
                 read: ReadOptions = ReadOptions(), style: str | None = None, layout: str = "source",
                 factory: str | None = None, migrated_model: str | None = None, values: dict | None = None,
                 notes: list | None = None) -> dict:
    """Source weights -> the migrated model's weights; returns the canonical weights moved.
    ``values``: names the source computes from data, given (``--set``); ``notes`` gets what the
    files skipped."""
    from ..errors import NnportError
    from ..verify.open_sizes import read_values, replacements, source_values

    read = replace(read, values=read.values + read_values(values))
    pivot = runtime.load_pivot(source, read)
    opened = [value for value in pivot.open_values.values() if value.value is None]
    if opened:  # the weights fix them: their values are the ones the weights were trained with
        raise NnportError(f"{'; '.join(v.describe() for v in opened)}: the weights were trained with a value for "
                          f"{'each' if len(opened) > 1 else 'it'}; give "
                          + " ".join(f"--set {v.name}=VALUE" for v in opened), opened[0].loc)
    values = source_values(pivot.open_values, {}, values)
    source_fw = pivot.source.framework
    if target != OTHER[source_fw]:
        raise NnportError(f"the source is {source_fw}; --to must be {OTHER[source_fw]}")
    files.check_readable(weights, source_fw)  # before running any code
    files.check_writable(output, target, source=weights)
    write = WriteOptions(target=target, style=style, layout=layout, only_model=True)
    slices: dict = {}
    source_obj = runtime.source_model(source, pivot, factory, values, slices, replacements(pivot.open_values))
    with tempfile.TemporaryDirectory() as tmp:
        migrated_path = migrated or _generate(source, write, read, Path(tmp))
        plan = reorders.target_plan(pivot, write)
        target_obj = runtime.migrated_model(migrated_path, target, plan.model_expr, migrated_model, skipped=slices,
                                            sizes=values)
        build_both(source_obj, target_obj, pivot, plan.input_orders)
        files.load_into(source_obj, source_fw, weights)
        moved = pairing.copy_weights(source_obj, target_obj, pivot, plan.paths, plan.reorders)
        files.save(target_obj, target, output, source=weights)
    if notes is not None:
        from ..verify.files import skipped_notes

        notes += skipped_notes(slices)
    return moved


def _generate(source: Path, write: WriteOptions, read: ReadOptions, folder: Path) -> Path:
    """Migrate in-process (the same code `nnport migrate` writes)."""
    from .. import api

    path = folder / f"{source.stem}_{write.target}.py"
    path.write_text(api.migrate(source, write, read), encoding="utf-8")
    return path


def build_both(source_obj, target_obj, pivot, input_orders: list) -> None:
    """One forward pass each on a one-sample batch, so Keras layers and lazy modules get weights."""
    from ..verify import arrays

    specs, _ = arrays.with_sequence_length(arrays.input_specs(pivot))
    inputs = arrays.draw(specs, 1, np.random.default_rng(0))
    runtime.run_model(source_obj, pivot.source.framework, inputs, "source model")
    target_fw = OTHER[pivot.source.framework]
    runtime.run_model(target_obj, target_fw, arrays.in_orders(inputs, specs, input_orders), "migrated model")
