"""Migration speed: per model in-process (in a fresh process that must not import any framework),
the CLI end to end, throughput over a directory of generated files, growth with network size.

Targets: <= 50 ms median per model; 600 files <= 10 s; time linear in the number of layers (a
10,000-layer file of any writer well under 20 s and 2 GiB); the CLI on a 300-line file well under 0.5 s.

Child interpreters run as after an install: bytecode cached (in build/pycache, whatever
PYTHONDONTWRITEBYTECODE says), else every start recompiles nnport's sources. CLI runs report wall
time and CPU time (user + system of the process and its children, e.g. the formatter): on a
shared machine the CPU time is the steadier of the two.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from . import synthetic
from .common import BUILD, ROOT, Settings, first_line, markdown_table, write_csv, write_markdown
from .scenarios import OTHER, SOURCES

FRAMEWORKS = ("torch", "tensorflow", "keras", "jax")
SIZES = (10, 100, 1000, 10_000)
CLI_LAYERS = 282  # a torch subclass of about 300 lines


def _child_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(BUILD / "pycache")}


def _target(path: Path) -> str:
    return "keras" if "torch" in path.name or path.parent.name == "torch" else "torch"


def _migrate(path: Path, target: str) -> float:
    from nnport.api import migrate
    from nnport.options import WriteOptions

    start = time.perf_counter()
    migrate(path, WriteOptions(target=target, only_model=True))
    return time.perf_counter() - start


def child(job: dict) -> dict:
    """In-process measurements; runs in its own interpreter so framework imports can be checked."""
    out = {"models": [], "scaling": []}
    for path, target in job["models"]:
        try:
            times = [_migrate(Path(path), target) for _ in range(job["repeats"] + 1)]
            out["models"].append({"file": path, "target": target, "first_ms": times[0] * 1e3,
                                  "median_ms": statistics.median(times[1:]) * 1e3})
        except Exception as exc:
            out["models"].append({"file": path, "target": target, "error": first_line(exc)})
    start, cpu, failed = time.perf_counter(), _cpu_seconds(), []
    for path in job["corpus"]:
        try:
            _migrate(Path(path), _target(Path(path)))
        except Exception as exc:
            failed.append(f"{Path(path).name}: {first_line(exc)}")
    out["corpus"] = {"files": len(job["corpus"]), "seconds": time.perf_counter() - start,
                     "cpu_seconds": _cpu_seconds() - cpu, "failed": failed}
    for kind, layers, path in job["scaling"]:
        try:
            walls, cpus = [], []
            for _ in range(3):
                cpu = _cpu_seconds()
                walls.append(_migrate(Path(path), _target(Path(path))))
                cpus.append(_cpu_seconds() - cpu)
            tracemalloc.start()
            _migrate(Path(path), _target(Path(path)))
            peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            out["scaling"].append({"writer": kind, "layers": layers, "median_ms": statistics.median(walls) * 1e3,
                                   "cpu_ms": statistics.median(cpus) * 1e3, "peak_mb": peak_mb})
        except Exception as exc:
            out["scaling"].append({"writer": kind, "layers": layers, "error": first_line(exc)})
    out["imported"] = sorted(m for m in sys.modules if m.split(".")[0] in FRAMEWORKS)
    return out


def _cpu_seconds() -> float:
    """User + system time of this process and its finished children (the formatter)."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def _job(settings: Settings) -> dict:
    models = [(str(p), OTHER[fw]) for files in SOURCES.values() for (fw, _), rel in files.items()
              if (p := ROOT / "tests/models" / rel).exists()]
    corpus = synthetic.write_corpus(BUILD / "corpus", settings.pick(120, 600, 1200))
    scaling = []
    for kind in sorted(synthetic.WRITERS):
        for n in SIZES[:settings.pick(2, 4, 4)]:
            path = BUILD / "scaling" / f"{kind}_{n}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(synthetic.WRITERS[kind](n), encoding="utf-8")
            scaling.append((kind, n, str(path)))
    return {"models": models, "corpus": [str(p) for p in corpus], "scaling": scaling,
            "repeats": settings.pick(3, 7, 15)}


def _cli_files(models: list) -> list[tuple[str, str]]:
    big = BUILD / "cli" / "torch_subclass_300_lines.py"
    big.parent.mkdir(parents=True, exist_ok=True)
    big.write_text(synthetic.torch_subclass(CLI_LAYERS), encoding="utf-8")
    return [(str(big), "keras"), *models[:4]]


def _cli_times(models: list, repeats: int) -> list[dict]:
    """`nnport migrate FILE --to X -o OUT` as a user runs it: a new interpreter each time."""
    exe = Path(sys.executable).with_name("nnport")
    env = _child_env()
    subprocess.run([str(exe), "--help"], capture_output=True, env=env)  # writes the bytecode cache once
    rows = []
    for path, target in _cli_files(models):
        out = BUILD / "cli" / f"{Path(path).stem}_{target}.py"
        cmd = [str(exe), "migrate", path, "--to", target, "--only-model", "-o", str(out)]
        walls, cpus, code = [], [], 0
        for _ in range(repeats):
            before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            code = subprocess.run(cmd, capture_output=True, env=env).returncode
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rows.append({"file": Path(path).name, "lines": len(Path(path).read_text(encoding="utf-8").splitlines()),
                     "target": target, "exit": code, "median_ms": statistics.median(walls) * 1e3,
                     "cpu_ms": statistics.median(cpus) * 1e3})
    return rows


def run(settings: Settings) -> dict:
    job = _job(settings)
    job_path = BUILD / "speed_job.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "benchmarks.migration_speed", "--child", str(job_path)],
                          cwd=ROOT, capture_output=True, text=True, env=_child_env())
    if proc.returncode:
        raise RuntimeError(f"measuring process failed:\n{proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["cli"] = _cli_times(job["models"], settings.pick(2, 5, 10))
    _report(result, settings)
    return result


def _report(r: dict, settings: Settings) -> None:
    models = [{**m, "file": Path(m["file"]).relative_to(ROOT).as_posix()} for m in r["models"]]
    ok = [m["median_ms"] for m in models if "median_ms" in m]
    median = statistics.median(ok) if ok else float("nan")
    c = r["corpus"]
    scaling = _scaling_rows(r["scaling"])
    cli = r["cli"]
    largest = max(row["layers"] for row in scaling)
    biggest = max((row for row in scaling if row["layers"] == largest and "cpu_ms" in row),
                  key=lambda row: row["cpu_ms"], default={"layers": largest, "writer": "all failed",
                                                          "median_ms": float("inf"), "cpu_ms": float("inf"),
                                                          "peak_mb": float("inf")})
    summary = [
        {"measure": "median in-process migration per model", "value": f"{median:.1f} ms", "target": "<= 50 ms",
         "met": median <= 50},
        {"measure": f"{c['files']} generated files in one process", "value": f"{c['seconds']:.2f} s wall, "
         f"{c['cpu_seconds']:.2f} s CPU ({len(c['failed'])} failed)", "target": "600 files <= 10 s",
         "met": c["seconds"] * 600 / max(c["files"], 1) <= 10 and not c["failed"]},
        {"measure": f"CLI end to end, {cli[0]['lines']}-line file (new interpreter)",
         "value": f"{cli[0]['median_ms']:.0f} ms wall, {cli[0]['cpu_ms']:.0f} ms CPU", "target": "well under 500 ms",
         "met": cli[0]["exit"] == 0 and cli[0]["cpu_ms"] < 500},
        {"measure": "median CLI end to end, the test models",
         "value": f"{statistics.median([x['median_ms'] for x in cli[1:]]):.0f} ms wall, "
                  f"{statistics.median([x['cpu_ms'] for x in cli[1:]]):.0f} ms CPU", "target": "-", "met": ""},
        {"measure": f"slowest {biggest['layers']:,}-layer file ({biggest['writer']})",
         "value": f"{biggest['cpu_ms'] / 1e3:.1f} s CPU ({biggest['median_ms'] / 1e3:.1f} s wall), "
                  f"{biggest['peak_mb']:.0f} MiB traced peak",
         "target": "well under 20 s and 2 GiB", "met": biggest["cpu_ms"] < 20e3 and biggest["peak_mb"] < 2048},
        {"measure": "frameworks imported while migrating", "value": ", ".join(r["imported"]) or "none",
         "target": "none", "met": not r["imported"]},
    ]
    write_csv("migration_speed_models", models, ["file", "target", "first_ms", "median_ms", "error"])
    write_csv("migration_speed_scaling", scaling, ["writer", "layers", "median_ms", "cpu_ms", "ms_per_layer", "ratio", "peak_mb", "error"])
    sections = ["## Summary\n", markdown_table(summary, ["measure", "value", "target", "met"]),
                "## Per model (in-process; first call includes nnport's own imports)\n",
                markdown_table(models, ["file", "target", "first_ms", "median_ms", "error"]),
                "## Growth with network size (CPU time; ratio = time / time of the previous size; linear = 10x)\n",
                markdown_table(scaling, ["writer", "layers", "median_ms", "cpu_ms", "ms_per_layer", "ratio", "peak_mb", "error"]),
                "## CLI end to end (median wall and CPU time per run)\n",
                markdown_table(cli, ["file", "lines", "target", "exit", "median_ms", "cpu_ms"])]
    if c["failed"]:
        sections.append("## Corpus failures (first 20)\n\n" + "\n".join(f"- {f}" for f in c["failed"][:20]) + "\n")
    write_markdown("migration_speed", "Migration speed", sections, settings)
    print(markdown_table(summary, ["measure", "value", "target", "met"]))
    assert not r["imported"], f"migration imported {r['imported']}"


def _scaling_rows(rows: list[dict]) -> list[dict]:
    out, previous = [], {}
    for row in rows:
        row = dict(row)
        if "cpu_ms" in row:
            row["ms_per_layer"] = row["cpu_ms"] / row["layers"]
            before = previous.get(row["writer"])
            row["ratio"] = f"{row['cpu_ms'] / before:.1f}x" if before else ""
            previous[row["writer"]] = row["cpu_ms"]
        out.append(row)
    return out


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    print(json.dumps(child(json.loads(Path(sys.argv[2]).read_text()))))
