"""Migration speed: per model in-process (in a fresh process that must not import any framework),
the CLI end to end, throughput over a directory of generated files, growth with network size.

Targets: <= 50 ms median per model; 600 files <= 10 s; time linear in the number of layers.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from . import synthetic
from .common import BUILD, ROOT, Settings, first_line, markdown_table, write_csv, write_markdown
from .scenarios import OTHER, SOURCES

FRAMEWORKS = ("torch", "tensorflow", "keras", "jax")
SIZES = (10, 100, 1000)


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
    start, failed = time.perf_counter(), []
    for path in job["corpus"]:
        try:
            _migrate(Path(path), _target(Path(path)))
        except Exception as exc:
            failed.append(f"{Path(path).name}: {first_line(exc)}")
    out["corpus"] = {"files": len(job["corpus"]), "seconds": time.perf_counter() - start, "failed": failed}
    for kind, layers, path in job["scaling"]:
        try:
            ms = statistics.median(_migrate(Path(path), _target(Path(path))) for _ in range(3)) * 1e3
            out["scaling"].append({"writer": kind, "layers": layers, "median_ms": ms})
        except Exception as exc:
            out["scaling"].append({"writer": kind, "layers": layers, "error": first_line(exc)})
    out["imported"] = sorted(m for m in sys.modules if m.split(".")[0] in FRAMEWORKS)
    return out


def _job(settings: Settings) -> dict:
    models = [(str(p), OTHER[fw]) for files in SOURCES.values() for (fw, _), rel in files.items()
              if (p := ROOT / "tests/models" / rel).exists()]
    corpus = synthetic.write_corpus(BUILD / "corpus", settings.pick(120, 600, 1200))
    scaling = []
    for kind in ("torch_sequential", "keras_sequential"):
        for n in SIZES:
            path = BUILD / "scaling" / f"{kind}_{n}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(synthetic.WRITERS[kind](n), encoding="utf-8")
            scaling.append((kind, n, str(path)))
    return {"models": models, "corpus": [str(p) for p in corpus], "scaling": scaling,
            "repeats": settings.pick(3, 7, 15)}


def _cli_times(models: list, repeats: int) -> list[dict]:
    """`nnport migrate FILE --to X -o OUT` as a user runs it: a new interpreter each time."""
    exe = Path(sys.executable).with_name("nnport")
    rows = []
    for path, target in models[:4]:
        out = BUILD / "cli" / f"{Path(path).stem}_{target}.py"
        cmd = [str(exe), "migrate", path, "--to", target, "--only-model", "-o", str(out)]
        times, code = [], 0
        for _ in range(repeats):
            start = time.perf_counter()
            code = subprocess.run(cmd, capture_output=True).returncode
            times.append(time.perf_counter() - start)
        rows.append({"file": Path(path).name, "target": target, "exit": code, "median_ms": statistics.median(times) * 1e3})
    return rows


def run(settings: Settings) -> dict:
    job = _job(settings)
    job_path = BUILD / "speed_job.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "benchmarks.migration_speed", "--child", str(job_path)],
                          cwd=ROOT, capture_output=True, text=True)
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
    summary = [
        {"measure": "median in-process migration per model", "value": f"{median:.1f} ms", "target": "<= 50 ms",
         "met": median <= 50},
        {"measure": f"{c['files']} generated files in one process", "value": f"{c['seconds']:.2f} s "
         f"({len(c['failed'])} failed)", "target": "600 files <= 10 s",
         "met": c["seconds"] * 600 / max(c["files"], 1) <= 10 and not c["failed"]},
        {"measure": "median CLI end to end (new interpreter)",
         "value": f"{statistics.median([x['median_ms'] for x in cli]) if cli else float('nan'):.0f} ms",
         "target": "-", "met": ""},
        {"measure": "frameworks imported while migrating", "value": ", ".join(r["imported"]) or "none",
         "target": "none", "met": not r["imported"]},
    ]
    write_csv("migration_speed_models", models, ["file", "target", "first_ms", "median_ms", "error"])
    write_csv("migration_speed_scaling", scaling, ["writer", "layers", "median_ms", "ms_per_layer", "ratio", "error"])
    sections = ["## Summary\n", markdown_table(summary, ["measure", "value", "target", "met"]),
                "## Per model (in-process; first call includes nnport's own imports)\n",
                markdown_table(models, ["file", "target", "first_ms", "median_ms", "error"]),
                "## Growth with network size (ratio = time / time of the previous size; linear = 10x)\n",
                markdown_table(scaling, ["writer", "layers", "median_ms", "ms_per_layer", "ratio", "error"]),
                "## CLI end to end\n", markdown_table(cli, ["file", "target", "exit", "median_ms"])]
    if c["failed"]:
        sections.append("## Corpus failures (first 20)\n\n" + "\n".join(f"- {f}" for f in c["failed"][:20]) + "\n")
    write_markdown("migration_speed", "Migration speed", sections, settings)
    print(markdown_table(summary, ["measure", "value", "target", "met"]))
    assert not r["imported"], f"migration imported {r['imported']}"


def _scaling_rows(rows: list[dict]) -> list[dict]:
    out, previous = [], {}
    for row in rows:
        row = dict(row)
        if "median_ms" in row:
            row["ms_per_layer"] = row["median_ms"] / row["layers"]
            before = previous.get(row["writer"])
            row["ratio"] = f"{row['median_ms'] / before:.1f}x" if before else ""
            previous[row["writer"]] = row["median_ms"]
        out.append(row)
    return out


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    print(json.dumps(child(json.loads(Path(sys.argv[2]).read_text()))))
