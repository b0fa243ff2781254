"""Shared plumbing: where results go, the machine description, tables written as markdown + CSV."""
from __future__ import annotations

import csv
import datetime as _dt
import os
import platform
import statistics
import subprocess
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
RESULTS = BENCH / "results"
BUILD = BENCH / "build"  # generated code; ignored by git
TEST_MODELS = ROOT / "tests" / "models"


@dataclass(frozen=True)
class Settings:
    """How big a run is: ``quick`` for a smoke run, ``full`` for the paper's sizes and datasets."""

    quick: bool = False
    full: bool = False

    def pick(self, quick, default, full):
        return quick if self.quick else full if self.full else default


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def machine() -> dict[str, str]:
    """The machine and software the numbers were measured on (read without importing frameworks)."""
    return {
        "date": _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "torch": _version("torch"),
        "keras": _version("keras"),
        "tensorflow": _version("tensorflow-cpu") if _version("tensorflow") == "not installed" else _version("tensorflow"),
        "nnport": f"{_version('nnport')} ({_commit()})",
    }


def machine_markdown() -> str:
    rows = "\n".join(f"| {k} | {v} |" for k, v in machine().items())
    return f"| machine | |\n|---|---|\n{rows}\n"


def markdown_table(rows: list[dict], columns: list[str]) -> str:
    head = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n"
    body = "".join("| " + " | ".join(_cell(r.get(c, "")) for c in columns) + " |\n" for r in rows)
    return head + body


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def write_csv(name: str, rows: list[dict], columns: list[str]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_markdown(name: str, title: str, sections: list[str], settings: Settings) -> Path:
    """One results page: the title, the run's size, the tables and notes, then the machine."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    mode = "quick" if settings.quick else "full" if settings.full else "default"
    text = f"# {title}\n\nRun size: `{mode}`.\n\n" + "\n".join(sections) + "\n" + machine_markdown()
    path = RESULTS / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:200]


def median_time(fn, repeats: int) -> float:
    """Median wall time of ``fn()`` in seconds over ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
