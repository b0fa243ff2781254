"""``nnport.verify(source, migrated)``: verification from two files (this executes both)."""
from __future__ import annotations

from pathlib import Path

from ..options import ReadOptions, WriteOptions
from ..weights import reorders, runtime, slicing
from .core import verify_models
from .open_sizes import instance, read_values, replacements, shape_arguments, source_values
from .result import VerifyResult

OTHER = {"torch": "keras", "keras": "torch"}


def verify(source: str | Path, migrated: str | Path, *, model: str | None = None, factory: str | None = None,
           migrated_model: str | None = None, migrated_factory: str | None = None,
           input_shape: tuple | None = None, framework: str | None = None, style: str | None = None,
           layout: str = "source", trials: int = 100, seed: int = 0, batch: int = 4, atol: float = 1e-5,
           per_layer: bool = True, values: dict[str, str] | None = None, progress=None) -> VerifyResult:
    """Build both models, copy the source's weights, compare outputs.

    Each file (a .py or a notebook) runs only the statements its network needs: module-level
    data loading, training, plotting and printing are skipped and listed in ``result.skipped``
    and the notes. ``values`` (name -> Python literal, ``--set``) stand in for what the source
    computes from skipped code (``input_shape = x_train.shape[1:]``)."""
    read = ReadOptions(model=model, input_shape=input_shape, framework=framework, values=read_values(values))
    pivot, chosen, chosen_notes = instance(source, read, runtime.load_pivot)
    source_fw = pivot.source.framework
    target_fw = OTHER[source_fw]
    slices: dict = {}
    given = source_values(pivot.open_values, chosen, values)
    shapes, places = shape_arguments(pivot)
    source_obj = runtime.source_model(source, pivot, factory, {**shapes, **given}, slices,
                                      {**replacements(pivot.open_values), **places})
    write = WriteOptions(target=target_fw, style=style, layout=layout)
    plan = reorders.target_plan(pivot, write)
    migrated_obj = runtime.migrated_model(migrated, target_fw, plan.model_expr, migrated_model, migrated_factory,
                                          slices, sizes=given)
    result = verify_models(
        source_obj, migrated_obj, pivot, paths=plan.paths, trials=trials, seed=seed,
        batch=batch, atol=atol, input_orders=plan.input_orders, reorders=plan.reorders, output_roles=plan.output_roles,
        per_layer=per_layer, progress=progress,
        scenario=f"{source_fw} {pivot.network.style} -> {target_fw} {style or pivot.network.style}")
    given_shapes = [f"{name}: the source computes it from its data (line {pivot.shape_arguments[name][0]}); given "
                    f"as {shape}, the shape verified with" for name, shape in shapes.items()]
    result.notes[:0] = pivot.notes + chosen_notes + given_shapes + skipped_notes(slices)
    result.skipped = {side: found.to_list() for side, found in slices.items() if found is not None}
    return result


# what a generated file always skips: its training entry point and the objects training uses
_EXPECTED = {slicing.MAIN_BLOCK, "training setup"}


def skipped_notes(slices: dict) -> list[str]:
    """``skipped 7 statements the network does not need: data loading (lines 5-8), ...`` for the
    source; for the migrated file only when it skipped more than a generated file does."""
    notes = []
    found = slices.get("source")
    if found is not None and found.skipped:
        notes.append(found.summary())
    found = slices.get("migrated")
    if found is not None and {s.kind for s in found.skipped} - _EXPECTED:
        notes.append(f"migrated file: {found.summary()}")
    return notes
