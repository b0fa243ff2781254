"""``nnport.verify(source, migrated)``: verification from two files (this executes both)."""
from __future__ import annotations

from pathlib import Path

from ..options import ReadOptions, WriteOptions
from ..weights import reorders, runtime
from .core import verify_models
from .result import VerifyResult

OTHER = {"torch": "keras", "keras": "torch"}


def verify(source: str | Path, migrated: str | Path, *, model: str | None = None, factory: str | None = None,
           migrated_model: str | None = None, migrated_factory: str | None = None,
           input_shape: tuple | None = None, framework: str | None = None, style: str | None = None,
           layout: str = "source", trials: int = 100, seed: int = 0, batch: int = 4, atol: float = 1e-5,
           per_layer: bool = True, progress=None) -> VerifyResult:
    """Build both models (executing both files), copy the source's weights, compare outputs."""
    pivot = runtime.load_pivot(source, ReadOptions(model=model, input_shape=input_shape, framework=framework))
    source_fw = pivot.source.framework
    target_fw = OTHER[source_fw]
    source_obj = runtime.source_model(source, pivot, factory)
    write = WriteOptions(target=target_fw, style=style, layout=layout)
    plan = reorders.target_plan(pivot, write)
    migrated_obj = runtime.migrated_model(migrated, target_fw, plan.model_expr, migrated_model, migrated_factory)
    result = verify_models(
        source_obj, migrated_obj, pivot, paths=plan.paths, trials=trials, seed=seed,
        batch=batch, atol=atol, input_orders=plan.input_orders, reorders=plan.reorders, output_roles=plan.output_roles,
        per_layer=per_layer, progress=progress,
        scenario=f"{source_fw} {pivot.network.style} -> {target_fw} {style or pivot.network.style}")
    result.notes[:0] = pivot.notes
    return result
