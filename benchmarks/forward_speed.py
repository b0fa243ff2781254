"""Speed of generated code: forward time of each migrated network against the same network written
natively in the target framework (the test model of that framework), batch 1 and 32, with
``--layout source`` and ``--layout native``, measured interleaved in one process on the CPU.

Target: migrated forward <= 1.05x native.
"""
from __future__ import annotations

import statistics
import time

import numpy as np

from . import engine
from .common import BUILD, TEST_MODELS, Settings, first_line, markdown_table, write_csv, write_markdown
from .scenarios import SOURCES

COLUMNS = ["network", "direction", "layout", "batch", "native_ms", "migrated_ms", "ratio", "same_params", "error"]


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


def _params(model, framework: str) -> int:
    if framework == "torch":
        return sum(p.numel() for p in model.parameters())
    return int(model.count_params())


def _time_once(model, framework, arrays) -> float:
    start = time.perf_counter()
    engine.forward(model, framework, arrays)
    return time.perf_counter() - start


def _interleaved(candidates: dict, framework: str, budget: float) -> dict[str, float]:
    """Median ms per candidate, timing them in turn so machine noise hits all alike."""
    for model, arrays in candidates.values():
        for _ in range(2):
            _time_once(model, framework, arrays)  # warm-up: lazy builds, allocator, caches
    single = max(_time_once(m, framework, a) for m, a in candidates.values())
    repeats = int(min(50, max(5, budget / max(single * len(candidates), 1e-6))))
    times = {k: [] for k in candidates}
    for _ in range(repeats):
        for key, (model, arrays) in candidates.items():
            times[key].append(_time_once(model, framework, arrays))
    return {k: statistics.median(v) * 1e3 for k, v in times.items()}


def measure(network, source, source_fw, native_file, target_fw, settings: Settings) -> list[dict]:
    base = {"network": network, "direction": f"{source_fw}->{target_fw}"}
    try:
        model = engine.pivot(source)
        native_pivot = engine.pivot(native_file)
        native = engine.load(native_file, target_fw, native_pivot.main)
        migrated = {}
        for layout in ("source", "native"):
            path, _ = engine.migrate_to_file(source, target_fw, "subclassing", layout, BUILD / "speed", network)
            migrated[layout] = engine.load_migrated(path, model, target_fw, "subclassing", layout)
    except Exception as exc:
        return [{**base, "error": first_line(exc)}]
    rows = []
    for batch in (1, 32):
        rng = np.random.default_rng(batch)
        candidates = {"reference": (native, engine.inputs(native_pivot, batch, rng))}
        for layout, obj in migrated.items():
            candidates[layout] = (obj, engine.inputs(model, batch, rng, layout, target_fw))
        try:
            ms = _interleaved(candidates, target_fw, settings.pick(0.5, 3.0, 10.0))
        except Exception as exc:
            rows.append({**base, "batch": batch, "error": first_line(exc)})
            continue
        same = {k: _params(obj, target_fw) == _params(native, target_fw) for k, obj in migrated.items()}
        for layout in migrated:
            rows.append({**base, "layout": layout, "batch": batch, "native_ms": ms["reference"],
                         "migrated_ms": ms[layout], "ratio": ms[layout] / ms["reference"], "same_params": same[layout]})
    return rows


def run(settings: Settings) -> list[dict]:
    rows = []
    for pair in _pairs(settings):
        found = measure(*pair, settings)
        rows.extend(found)
        for r in found:
            print(f"  {r['network']} {r['direction']} {r.get('layout', '')} b{r.get('batch', '')}: "
                  f"{r.get('ratio', r.get('error'))}")
    write_csv("forward_speed", rows, COLUMNS)
    ratios = [r["ratio"] for r in rows if "ratio" in r]
    met = sum(r <= 1.05 for r in ratios)
    summary = (f"{met} / {len(ratios)} measurements within the target (migrated <= 1.05x native); "
               f"median ratio {statistics.median(ratios) if ratios else float('nan'):.3f}, "
               f"worst {max(ratios, default=float('nan')):.3f}.\n")
    notes = ("`native`: the network as written natively in the target framework (the test model of that "
             "framework, subclassing); `migrated`: the other framework's version migrated by nnport, with "
             "`--layout source` (takes the source's input layout) or `--layout native`. `same_params`: the "
             "two have the same parameter count (else the comparison is of different networks). Eager "
             "forward in inference mode (torch.no_grad / training=False), median of interleaved runs, CPU.\n")
    write_markdown("forward_speed", "Speed of generated code against native code",
                   [summary, markdown_table(rows, COLUMNS), notes], settings)
    print(summary)
    return rows
