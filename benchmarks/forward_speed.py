"""Speed of generated code: forward time of a migrated network against the same network written
natively in the target framework, batch 1 and 32, measured interleaved in one process on the CPU.

Like is compared with like: the native network is the target framework's test model; its
migrated counterpart is the source framework's test model migrated by nnport when the two have
the same parameter count (``one-way``, with ``--layout source`` and ``--layout native``), else the
native model itself migrated to the source framework and back (``round trip``, native layout both
ways), which is the same network by construction.

Target: migrated forward <= 1.05x native.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

import numpy as np

from . import engine
from .common import BUILD, TEST_MODELS, Settings, first_line, markdown_table, write_csv, write_markdown
from .scenarios import OTHER, SOURCES

COLUMNS = ["network", "direction", "pair", "layout", "batch", "params", "inputs", "native_ms", "migrated_ms",
           "ratio", "control", "error"]
OUT = BUILD / "speed"


def _pairs(settings: Settings):
    """(network, source file, source fw, native file in the target fw) for networks in both."""
    networks = settings.pick(("TF-Tutorial", "CNN-RNN"), ("TF-Tutorial", "AlexNet", "LSTM", "CNN-RNN"),
                             tuple(SOURCES))
    for network in networks:
        files = SOURCES[network]
        for source_fw, target_fw in (("keras", "torch"), ("torch", "keras")):
            src, native = files.get((source_fw, "subclassing")), files.get((target_fw, "subclassing"))
            if src and native:
                yield network, TEST_MODELS / src, source_fw, TEST_MODELS / native, target_fw


def _params(candidate: "Candidate") -> int:
    model, framework = candidate.obj, candidate.framework
    if framework == "torch":
        return sum(p.numel() for p in model.parameters())
    engine.forward(model, framework, candidate.inputs(1))  # Keras subclasses create weights on first call
    return int(model.count_params())


class Candidate:
    """A built model and the pivot model whose inputs it takes (in ``layout``)."""

    def __init__(self, obj, pivot, layout: str, framework: str):
        self.obj, self.pivot, self.layout, self.framework = obj, pivot, layout, framework

    def inputs(self, batch: int):
        return engine.inputs(self.pivot, batch, np.random.default_rng(batch), self.layout, self.framework)


def _one_way(source: Path, target_fw: str, network: str) -> dict[str, Candidate]:
    pivot = engine.pivot(source)
    found = {}
    for layout in ("source", "native"):
        path, _ = engine.migrate_to_file(source, target_fw, "subclassing", layout, OUT, network)
        found[layout] = Candidate(engine.load_migrated(path, pivot, target_fw, "subclassing", layout), pivot,
                                  layout, target_fw)
    return found


def _round_trip(native: Candidate, native_file: Path, network: str) -> Candidate:
    """native file -> the other framework -> back, each leg in the receiving framework's native layout."""
    target_fw = native.framework
    stem = f"{network}_rt_from_{target_fw}"
    middle, _ = engine.migrate_to_file(native_file, OTHER[target_fw], "subclassing", "native", OUT, stem)
    shape = _native_shape(native.pivot, OTHER[target_fw])  # generated code does not say its input shape
    middle_pivot = engine.pivot(middle, shape)
    back, _ = engine.migrate_to_file(middle, target_fw, "subclassing", "native", OUT, stem,
                                     input_shape=shape)
    obj = engine.load_migrated(back, middle_pivot, target_fw, "subclassing", "native")
    return Candidate(obj, middle_pivot, "native", target_fw)


def _native_shape(pivot, framework: str):
    from nnport.verify.arrays import input_specs, native_order

    (spec,) = input_specs(pivot)
    roles = spec.type.roles
    return tuple(spec.type.shape[roles.index(r)] for r in native_order(roles, framework))


BLOCK_S = 0.01  # one timing sample lasts at least this long: single sub-millisecond calls are mostly jitter


def _time_block(model, framework, arrays, repeats: int = 1) -> float:
    """Seconds per forward, averaged over ``repeats`` calls in a row."""
    start = time.perf_counter()
    for _ in range(repeats):
        engine.forward(model, framework, arrays)
    return (time.perf_counter() - start) / repeats


def _interleaved(candidates: dict, framework: str, budget: float) -> tuple[dict, dict]:
    """Median ms per candidate, and per candidate the median over rounds of its time divided by
    the reference's in the same round: timing in turn lets machine noise hit all alike."""
    for model, arrays in candidates.values():
        for _ in range(3):
            _time_block(model, framework, arrays)  # warm-up: lazy builds, allocator, caches
    single = max(_time_block(m, framework, a) for m, a in candidates.values())
    repeats = max(1, round(BLOCK_S / max(single, 1e-6)))
    rounds = int(min(200, max(15, budget / max(single * repeats * len(candidates), 1e-6))))
    times = {k: [] for k in candidates}
    for i in range(rounds):
        order = list(candidates.items())
        for key, (model, arrays) in order[i % len(order):] + order[:i % len(order)]:  # rotate who runs first
            times[key].append(_time_block(model, framework, arrays, repeats))
    ms = {k: statistics.median(v) * 1e3 for k, v in times.items()}
    ratios = {k: statistics.median(t / r for t, r in zip(v, times["reference"])) for k, v in times.items()}
    return ms, ratios


def measure(network, source, source_fw, native_file, target_fw, settings: Settings) -> list[dict]:
    base = {"network": network, "direction": f"{source_fw}->{target_fw}"}
    try:
        native_pivot = engine.pivot(native_file)
        build = lambda: engine.load(native_file, target_fw, native_pivot.main,  # noqa: E731
                                    native_pivot.source.model_expr or None)  # configured as the file does
        native, control = (Candidate(build(), native_pivot, "source", target_fw) for _ in range(2))
        params = _params(native)
        migrated, pair = _one_way(source, target_fw, network), "one-way"
        if any(_params(c) != params for c in migrated.values()):
            migrated, pair = {"native": _round_trip(native, native_file, network)}, "round trip"
        if _params(migrated["native"]) != params:
            raise RuntimeError(f"the round trip has {_params(migrated['native'])} parameters, "
                               f"the native network {params}")
    except Exception as exc:
        return [{**base, "error": first_line(exc)}]
    rows = []
    for batch in (1, 32):
        candidates = {"reference": (native.obj, native.inputs(batch)), "control": (control.obj, control.inputs(batch))}
        candidates.update({layout: (c.obj, c.inputs(batch)) for layout, c in migrated.items()})
        try:
            ms, ratios = _interleaved(candidates, target_fw, settings.pick(0.5, 4.0, 15.0))
        except Exception as exc:
            rows.append({**base, "batch": batch, "error": first_line(exc)})
            continue
        for layout in migrated:
            shapes = f"{candidates['reference'][1][0].shape} / {candidates[layout][1][0].shape}"
            rows.append({**base, "pair": pair, "layout": layout, "batch": batch, "params": params, "inputs": shapes,
                         "native_ms": ms["reference"], "migrated_ms": ms[layout], "ratio": ratios[layout],
                         "control": ratios["control"]})
    return rows


def _single_threaded() -> None:
    """One thread per framework: on a small shared machine, thread contention is the noise."""
    import torch

    torch.set_num_threads(1)
    try:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # TensorFlow already initialised in this process
        pass


def run(settings: Settings) -> list[dict]:
    _single_threaded()
    rows = []
    for pair in _pairs(settings):
        found = measure(*pair, settings)
        rows.extend(found)
        for r in found:
            print(f"  {r['network']} {r['direction']} {r.get('pair', '')} {r.get('layout', '')} "
                  f"b{r.get('batch', '')}: {r.get('ratio', r.get('error'))}")
    write_csv("forward_speed", rows, COLUMNS)
    summary = _summary(rows)
    notes = ("`native_ms`: the network as written natively in the target framework (its test model, "
             "subclassing); `migrated_ms`: nnport's code for the same network (see `pair`: `one-way` = the "
             "other framework's test model migrated, only where the parameter counts agree; `round trip` = "
             "the native model migrated to the other framework and back). `inputs`: native / migrated "
             "input shapes. `control`: the same ratio for a second instance of the native network, timed in "
             "the same rounds: how far from 1 identical code lands here (the noise floor). `layout`: `source` takes the "
             "source's input layout (so it permutes its input), `native` the target's. `ratio`: median over "
             "interleaved rounds of migrated / native time in the same round, each round's time the mean of "
             "calls in a row lasting at least 10 ms. Eager forward in inference "
             "mode (torch.no_grad / training=False), one CPU thread per framework.\n")
    write_markdown("forward_speed", "Speed of generated code against native code",
                   [summary, markdown_table(rows, COLUMNS), notes], settings)
    print(summary)
    return rows


def _summary(rows: list[dict]) -> str:
    lines = []
    for label, keep in (("all", lambda r: True), ("native layout", lambda r: r["layout"] == "native")):
        ratios = [r["ratio"] for r in rows if "ratio" in r and keep(r)]
        met = sum(r <= 1.05 for r in ratios)
        lines.append(f"- {label}: {met} / {len(ratios)} measurements within the target (migrated <= 1.05x "
                     f"native); median ratio {statistics.median(ratios) if ratios else float('nan'):.3f}, "
                     f"worst {max(ratios, default=float('nan')):.3f}.")
    controls = [r["control"] for r in rows if "control" in r]
    if controls:
        lines.append(f"- control (a second instance of the native network): median ratio "
                     f"{statistics.median(controls):.3f}, from {min(controls):.3f} to {max(controls):.3f}; "
                     "differences of that size are noise of this machine, not of the code.")
    return "\n".join(lines) + "\n"
