"""Verification: same weights, same seeded random inputs, compare outputs and layer outputs."""
from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import numpy as np

from ..errors import NnportError
from ..ir.graph import PivotModel
from ..weights import frameworks, pairing
from ..weights.runtime import run_model as _run
from . import arrays, layers, probes
from .draws import FixedDraws, fixed_draws
from .result import VerifyResult


@dataclass
class _Watched:
    """The layers recorded on each side, by IR path, with what is needed to compare them."""

    source: dict = field(default_factory=dict)
    target: dict = field(default_factory=dict)
    types: dict = field(default_factory=dict)
    unflatten: dict = field(default_factory=dict)
    activate: dict = field(default_factory=dict)
    target_roles: dict = field(default_factory=dict)  # the roles, in target order, of what the target records


def verify_models(source, migrated, model: PivotModel, *, paths: dict[str, str] | None = None,
                  trials: int = 100, seed: int = 0, batch: int = 4, atol: float = 1e-5,
                  input_orders: list | None = None, reorders: dict | None = None,
                  output_roles: dict | None = None, per_layer: bool = True,
                  scenario: str = "", progress=None) -> VerifyResult:
    """Copy ``source``'s weights into ``migrated`` (built objects of either framework) and compare.

    ``paths`` maps IR module paths to the migrated model's paths (identity when None);
    ``input_orders`` the axis roles of each input the migrated model takes (None: the source's);
    ``output_roles`` generated path -> roles, in the migrated model's order, of that layer's output.
    """
    source_fw, target_fw = frameworks.framework_of(source), frameworks.framework_of(migrated)
    specs, notes = arrays.with_sequence_length(arrays.input_specs(model))
    rng = np.random.default_rng(seed)
    first = arrays.draw(specs, batch, rng)
    _run(source, source_fw, first, "source model")  # builds Keras layers and torch lazy modules
    orders = input_orders or [None] * len(specs)
    _run(migrated, target_fw, arrays.in_orders(first, specs, orders), "migrated model")
    pairing.copy_weights(source, migrated, model, paths, reorders)
    result = VerifyResult([], atol, scenario=scenario, seed=seed, batch=batch, notes=notes)
    watched = _Watched()
    if per_layer:
        found, result.not_compared = layers.probes(source, migrated, model, paths, reorders)
        watched = _Watched({p.path: p.source for p in found}, {p.path: p.target for p in found},
                           {p.path: p.type for p in found}, {p.path: p.unflatten for p in found if p.unflatten},
                           {p.path: p.activate for p in found if p.activate},
                           {p.path: output_roles[paths.get(p.path, p.path) if paths else p.path] for p in found
                            if output_roles and (paths.get(p.path, p.path) if paths else p.path) in output_roles})
    output_types = [model.network.graph.types.get(v) for v in model.network.graph.output.inputs]
    draws = fixed_draws(model, seed)
    for trial in range(trials):
        inputs = first if trial == 0 else arrays.draw(specs, batch, rng)
        result.trials.append(_trial(source, migrated, inputs, specs, orders, output_types, watched, result, draws))
        if progress:
            progress(1)
    if draws is not None:
        result.notes.append(draws.note())
    if per_layer:
        _first_diverging(result, [layer.path for layer in pairing.layers(model)])
    return result


def _trial(source, migrated, inputs, specs, orders, output_types, watched: _Watched, result,
           draws: FixedDraws | None = None) -> float:
    source_fw, target_fw = frameworks.framework_of(source), frameworks.framework_of(migrated)
    with probes.recording(watched.source, source_fw) as seen_source, _side(draws, "source"):
        expected = arrays.as_numpy_list(_run(source, source_fw, inputs, "source model"))
    with probes.recording(watched.target, target_fw) as seen_target, _side(draws, "migrated"):
        got = arrays.as_numpy_list(_run(migrated, target_fw, arrays.in_orders(inputs, specs, orders),
                                        "migrated model"))
    if len(expected) != len(got):
        raise NnportError(f"the source returns {len(expected)} outputs, the migrated model {len(got)}")
    worst = 0.0
    for i, (want, have) in enumerate(zip(expected, got)):
        roles = output_types[i].roles if i < len(output_types) and output_types[i] else None
        aligned = arrays.align(have, want.shape, roles)
        if aligned is None:
            raise NnportError(f"output {i}: the source gives shape {want.shape}, the migrated model {have.shape}")
        worst = max(worst, arrays.mad(want, aligned))
    _activate(seen_source, seen_target, watched.activate)
    _layer_differences(seen_source, _source_ordered(seen_target, watched.unflatten), watched, result)
    return worst


def _side(draws: FixedDraws | None, side: str):
    """The random draws of one side's run fixed (recorded for the source, replayed for the other)."""
    return contextlib.nullcontext() if draws is None else getattr(draws, side)()


def _source_ordered(seen_target: dict, unflatten: dict) -> dict:
    """Flattened target outputs put back in the source's feature order (native layout)."""
    out = dict(seen_target)
    for path, (sizes, source_roles, target_roles) in unflatten.items():
        if path in out:
            back = np.argsort(pairing.flatten_index(sizes, source_roles, target_roles))
            out[path] = [a[..., back] if a.shape[-1] == len(back) else a for a in out[path]]
    return out


def _activate(seen_source: dict, seen_target: dict, activate: dict) -> None:
    """A Keras layer's fused activation applied to the other side's layer output, where that
    side applies the activation as an op (no layer to record)."""
    from ..weights.frameworks import import_keras

    ops = import_keras().ops
    for path, (side, fn) in activate.items():
        seen = seen_source if side == "source" else seen_target
        if path in seen:
            seen[path] = [ops.convert_to_numpy(fn(ops.convert_to_tensor(a))) for a in seen[path]]


def _layer_differences(seen_source, seen_target, watched: _Watched, result: VerifyResult) -> None:
    for path, produced in seen_target.items():
        if path not in seen_source:
            continue
        pair = _pair_outputs(seen_source[path], produced, watched.types.get(path), watched.target_roles.get(path))
        if pair is None:
            result.not_compared.setdefault(path, "no output of the same shape on both sides")
            continue
        result.per_layer[path] = max(result.per_layer.get(path, 0.0), arrays.mad(*pair))


def _pair_outputs(source_outs, target_outs, t, target_roles=None):
    """The source output the IR uses (matching its type) and the target output that fits it: put
    in the source's order from the roles the target holds it in, where the plan knows them (a
    square (N, 8, 8) fits either order by shape alone)."""
    wanted = [o for o in source_outs if t is None or _fits(o.shape, t.shape)] or source_outs[:1]
    roles = t.roles if t is not None else None
    for want in wanted:
        for have in target_outs:
            if roles and target_roles and sorted(target_roles) == sorted(roles) and have.ndim == len(roles):
                moved = arrays.to_roles(have, target_roles, roles)
                if moved.shape == want.shape:
                    return want, moved
                continue
            aligned = arrays.align(have, want.shape, roles if roles and len(roles) == want.ndim else None)
            if aligned is not None:
                return want, aligned
    return None


def _fits(shape, typed) -> bool:
    return len(shape) == len(typed) and all(d is None or d == s for s, d in zip(shape, typed) if d is not None)


def _first_diverging(result: VerifyResult, order: list[str]) -> None:
    """Named only when the outputs diverge; where they agree, a layer above tolerance is a
    layer whose recorded outputs could not be paired exactly: said in a note."""
    for path in order:
        if result.per_layer.get(path, 0.0) > result.atol:
            if result.passed:
                result.notes.append(f"layer {path!r} recorded a difference of {result.per_layer[path]:.3g} "
                                    "although the outputs agree (its recorded outputs may not correspond)")
            else:
                result.first_diverging = path
            return
