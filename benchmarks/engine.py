"""Driving nnport and the two frameworks: migrate, import generated code, build, run, copy weights.

Migration goes through ``nnport.api`` (static, framework-free). Building and running models reuses
nnport's own run-time helpers (the ones ``nnport verify`` uses), so the benchmarks measure the
product rather than a second implementation of it.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from .common import BUILD

OTHER = {"torch": "keras", "keras": "torch"}


def migrate_to_file(source: Path, target: str, style: str | None, layout: str = "source",
                    out_dir: Path = BUILD, stem: str | None = None, only_model: bool = True,
                    input_shape=None) -> tuple[Path, float]:
    """Migrate ``source`` with nnport's API; returns the written file and the seconds it took."""
    from nnport.api import migrate
    from nnport.options import ReadOptions, WriteOptions

    start = time.perf_counter()
    code = migrate(source, WriteOptions(target=target, style=style, layout=layout, only_model=only_model),
                   ReadOptions(input_shape=input_shape))
    seconds = time.perf_counter() - start
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{stem or source.stem}_{target}_{style or 'default'}_{layout}.py"
    path.write_text(code, encoding="utf-8")
    return path, seconds


def pivot(source: Path, input_shape=None):
    """The source's pivot model with shapes inferred (static)."""
    from nnport.options import ReadOptions
    from nnport.weights.runtime import load_pivot

    return load_pivot(source, ReadOptions(input_shape=input_shape))


def load(path: Path, framework: str, name: str | None = None, factory: str | None = None):
    """Execute a model file (its ``__main__`` block does not run) and build the model ``name``
    (a class, builder or object in the file) or evaluate ``factory`` there."""
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    from nnport.weights import runtime

    return runtime.instantiate(runtime.import_file(path, framework), name, factory)


def model_expr(model, target: str, style: str | None, layout: str = "source") -> str:
    """The expression that builds the main network in the generated code (e.g. ``AlexNet()``)."""
    from nnport.backends import plan_model
    from nnport.options import WriteOptions

    return plan_model(model, WriteOptions(target=target, style=style, layout=layout)).main.model_expr


def load_migrated(path: Path, model, target: str, style: str | None, layout: str = "source"):
    return load(path, target, factory=model_expr(model, target, style, layout))


def inputs(model, batch: int, rng: np.random.Generator, layout: str = "source", target: str = "torch"):
    """Seeded random inputs in the source's layout, or in the order the migrated model takes
    with ``--layout native`` (the backend's plan says which)."""
    from nnport.backends import plan_model
    from nnport.options import WriteOptions
    from nnport.verify import arrays

    specs = arrays.input_specs(model)
    drawn = arrays.draw(specs, batch, rng)
    if layout == "source":
        return drawn
    return arrays.in_orders(drawn, specs, plan_model(model, WriteOptions(target=target, layout=layout)).input_orders)


def forward(model, framework: str, arrays: list[np.ndarray]):
    from nnport.weights.runtime import run_model

    return run_model(model, framework, arrays)


def to_numpy(output) -> list[np.ndarray]:
    from nnport.verify.arrays import as_numpy_list

    return as_numpy_list(output)


def copy_weights(model, source_obj, migrated_obj, target: str, style: str | None, layout: str = "source"):
    """Source -> migrated weights through nnport's converter (pairing from the pivot model)."""
    from nnport.options import WriteOptions
    from nnport.weights import copy_weights as copy
    from nnport.weights import reorders

    write = WriteOptions(target=target, style=style, layout=layout)
    copy(source_obj, migrated_obj, model, reorders.target_paths(model, write), reorders.flatten_reorders(model, write))
