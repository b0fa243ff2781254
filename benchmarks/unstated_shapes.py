"""Model files that state no input shape: migrate each one and verify it, as a user would.

``python -m benchmarks.unstated_shapes [--layout source|native|both] [--trials N] [--limit K] [--jobs J]
[--shapes] [--timeout S] [--only SUBSTRING] [--keep DIR]``

The corpus is ``tests/models/unstated/{torch,keras}/*.py``: model files written the way people write
them, with no example input, no ``keras.Input`` and no summary call. For every file and layout the
runner migrates it to the other framework with no input shape (``nnport.api.migrate``), writes the
result to a temporary folder, verifies it with no input shape (``nnport.verify``, a few trials) and
puts the case in one class:

- ``verified``: verify passed at atol 1e-5;
- ``diverged``: verify ran and the outputs differ: wrong code written without complaint (the worst);
- ``refused``: migrate raised ``NnportError`` (its first line is recorded);
- ``verify-refused``: verify raised ``NnportError``;
- ``crash``: any other exception (type, message, innermost frame, innermost frame inside nnport);
- ``timeout``: the case ran past ``--timeout`` seconds.

``--shapes`` passes the shapes recorded in ``tests/models/unstated/SHAPES.json`` (to migrate as
``ReadOptions(input_shape=...)`` and to verify as ``input_shape=``): it measures the engine apart
from shape discovery. Results: ``benchmarks/results/unstated_shapes.{md,csv}`` (no shapes) and
``unstated_shapes_given.{md,csv}`` (``--shapes``).

Everything runs in this one process (frameworks imported once); ``--jobs J`` starts J worker
processes instead, each importing the frameworks once.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from .common import (
    RESULTS,
    ROOT,
    first_line,
    machine_markdown,
    markdown_table,
    write_csv,
)

CORPUS = ROOT / "tests" / "models" / "unstated"
SHAPES = CORPUS / "SHAPES.json"
OTHER = {"torch": "keras", "keras": "torch"}
CLASSES = ["verified", "diverged", "refused", "verify-refused", "crash", "timeout"]
COLUMNS = ["file", "direction", "layout", "shapes", "class", "stage", "reason", "detail", "where", "nnport_where",
           "max_abs_diff", "first_diverging", "notes", "migrate_s", "verify_s"]


@dataclass(frozen=True)
class Case:
    file: str  # relative to CORPUS, e.g. "torch/mnist_cnn_padded.py"
    source_fw: str
    layout: str
    input_shape: tuple | None  # only with --shapes


class CaseTimeout(BaseException):
    """Raised by the alarm; a BaseException so that nnport's own ``except Exception`` lets it through."""


def _on_alarm(signum, frame):
    raise CaseTimeout()


def corpus_files() -> list[str]:
    return [p.relative_to(CORPUS).as_posix() for fw in ("torch", "keras") for p in sorted((CORPUS / fw).glob("*.py"))]


def load_shapes() -> dict:
    return json.loads(SHAPES.read_text(encoding="utf-8"))


def cases(layouts: list[str], with_shapes: bool, only: str | None = None, limit: int | None = None) -> list[Case]:
    shapes = load_shapes() if with_shapes else {}
    files = [f for f in corpus_files() if not only or only in f]
    if limit:
        # the first K files of each framework, so a short run still covers both directions
        by_fw = collections.defaultdict(list)
        for f in files:
            by_fw[f.split("/")[0]].append(f)
        files = [f for fw in ("torch", "keras") for f in by_fw[fw][:limit]]
    out = []
    for f in files:
        shape = tuple(shapes[f]["input_shape"]) if with_shapes else None
        for layout in layouts:
            out.append(Case(f, f.split("/")[0], layout, shape))
    return out


# --- one case ---------------------------------------------------------------------------------------

def _short_path(filename: str) -> str:
    path = Path(filename)
    for base in (ROOT / "src", ROOT):
        try:
            return path.resolve().relative_to(base).as_posix()
        except ValueError:
            pass
    parts = path.parts
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1:])
    return filename


def _frames(exc: BaseException) -> tuple[str, str]:
    """(innermost frame, innermost frame inside nnport), each as file:line."""
    tb = traceback.extract_tb(exc.__traceback__)
    if not tb:
        return "", ""
    inner = f"{_short_path(tb[-1].filename)}:{tb[-1].lineno}"
    ours = next((f"{_short_path(fr.filename)}:{fr.lineno}" for fr in reversed(tb)
                 if f"{os.sep}nnport{os.sep}" in fr.filename and "benchmarks" not in fr.filename), "")
    return inner, ours


def _nnport_line(exc: BaseException, out_dir: str) -> str:
    """The first diagnostic of an NnportError, its location made relative to the corpus."""
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return _relative(line, out_dir)[:300]


def _relative(text: str, out_dir: str) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # Keras marks names in bold
    for base, short in ((CORPUS, ""), (ROOT, ""), (Path(out_dir), "migrated/")):
        text = text.replace(str(base) + os.sep, short)
    return text


def _detail(exc: BaseException, out_dir: str) -> str:
    """The whole message on one line (a Keras error names its cause only after its first line)."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    return _relative(" / ".join(lines), out_dir)[:600]


def run_case(case: Case, out_dir: str, trials: int, timeout: float) -> dict:
    from nnport.api import migrate
    from nnport.errors import NnportError
    from nnport.options import ReadOptions, WriteOptions
    from nnport.verify.files import verify

    target = OTHER[case.source_fw]
    row = {"file": case.file, "direction": f"{case.source_fw}->{target}", "layout": case.layout,
           "shapes": "given" if case.input_shape else "none"}
    source = CORPUS / case.file
    migrated = Path(out_dir) / f"{source.stem}_{target}_{case.layout}.py"
    stage = "migrate"
    start = time.perf_counter()
    if timeout:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        code = migrate(source, WriteOptions(target=target, layout=case.layout),
                       ReadOptions(input_shape=case.input_shape))
        row["migrate_s"] = round(time.perf_counter() - start, 2)
        migrated.write_text(code, encoding="utf-8")
        stage = "verify"
        start = time.perf_counter()
        result = verify(source, migrated, layout=case.layout, trials=trials, input_shape=case.input_shape,
                        per_layer=True)
        row["verify_s"] = round(time.perf_counter() - start, 2)
        row.update(max_abs_diff=f"{result.max:.3g}", notes=" / ".join(result.notes)[:300])
        if result.passed:
            row.update({"class": "verified"})
        else:
            why = (f"max abs difference {result.max:.3g} over {len(result.trials)} trials" if result.trials
                   else "no trials compared")
            if result.first_diverging:
                why += f"; first diverging layer {result.first_diverging}"
            row.update({"class": "diverged", "reason": why, "first_diverging": result.first_diverging or ""})
    except CaseTimeout:
        row.update({"class": "timeout", "reason": f"{stage} ran past {timeout:g} s"})
    except Exception as exc:  # noqa: BLE001 - one case must never stop the run
        if isinstance(exc, NnportError):
            row.update({"class": "refused" if stage == "migrate" else "verify-refused",
                        "reason": _nnport_line(exc, out_dir), "detail": _detail(exc, out_dir)})
        else:
            inner, ours = _frames(exc)
            row.update({"class": "crash", "reason": first_line(exc), "detail": _detail(exc, out_dir),
                        "where": inner, "nnport_where": ours})
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)
    row["stage"] = stage
    return row


# --- workers ----------------------------------------------------------------------------------------

_WORKER: dict = {}


def _setup_frameworks() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import warnings

    warnings.filterwarnings("ignore")
    import logging

    import keras  # noqa: F401  (imported once, here, not per case)
    import torch  # noqa: F401

    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    try:
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)
    except ImportError:
        pass


def _worker_init(out_dir: str, trials: int, timeout: float) -> None:
    _setup_frameworks()
    _WORKER.update(out_dir=out_dir, trials=trials, timeout=timeout)


def _worker_run(case: Case) -> dict:
    try:
        return run_case(case, _WORKER["out_dir"], _WORKER["trials"], _WORKER["timeout"])
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # noqa: BLE001 - even a bug of the runner must come back as a row
        return {"file": case.file, "direction": f"{case.source_fw}->{OTHER[case.source_fw]}", "layout": case.layout,
                "class": "crash", "stage": "runner", "reason": first_line(exc)}


def run_all(todo: list[Case], out_dir: str, trials: int, timeout: float, jobs: int) -> list[dict]:
    rows = []

    def show(i: int, row: dict) -> None:
        reason = f"  {row.get('reason', '')[:110]}" if row["class"] != "verified" else ""
        print(f"[{i:3d}/{len(todo)}] {row['class']:14s} {row['file']:48s} {row['layout']:6s}{reason}", flush=True)

    if jobs <= 1:
        _worker_init(out_dir, trials, timeout)
        for i, case in enumerate(todo, 1):
            rows.append(_worker_run(case))
            show(i, rows[-1])
        return rows
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_worker_init, initargs=(out_dir, trials, timeout)) as pool:
        for i, row in enumerate(pool.imap(_worker_run, todo), 1):
            rows.append(row)
            show(i, row)
    return rows


# --- reporting --------------------------------------------------------------------------------------

def reason_key(row: dict) -> str:
    """A reason with its place and particulars taken out, so that alike failures group together."""
    text = row.get("reason", "")
    if row["class"] == "diverged":
        return "diverged" + (" at " + re.sub(r"[\d_]+", "", row["first_diverging"].split(".")[-1])
                             if row.get("first_diverging") else "")
    if row["class"] == "crash":
        return f"{text.split(':', 1)[0]} at {row.get('nnport_where') or row.get('where', '')}"
    if "Exception encountered when calling" in text:  # the cause is on the next line of the message
        parts = row.get("detail", "").split(" / ")
        text = text.split(" failed: ")[0] + " failed: " + (parts[1] if len(parts) > 1 else text)
    text = re.sub(r"^[^\s:]+\.py:\d+:\d+: ", "", text)
    text = re.sub(r"^error: ", "", text)
    text = re.sub(r"(\w+)=[^=]+? depends on a tensor's size", r"\1=… depends on a tensor's size", text)
    text = re.sub(r"'[^']*'", "'…'", text)
    text = re.sub(r"`[^`]*`", "`…`", text)
    text = re.sub(r"\(\s*[^()]*\)", "(…)", text)
    text = re.sub(r"\d+", "N", text)
    return text[:160]


def counts_table(rows: list[dict]) -> list[dict]:
    table = []
    keys = sorted({(r["direction"], r["layout"]) for r in rows})
    for direction, layout in keys + [("all", "all")]:
        sub = [r for r in rows if direction == "all" or (r["direction"] == direction and r["layout"] == layout)]
        counts = collections.Counter(r["class"] for r in sub)
        table.append({"direction": direction, "layout": layout, **{c: counts.get(c, 0) for c in CLASSES},
                      "total": len(sub)})
    return table


def reasons_table(rows: list[dict]) -> list[dict]:
    groups = collections.defaultdict(list)
    for r in rows:
        if r["class"] != "verified":
            groups[(r["class"], reason_key(r))].append(r)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"count": len(v), "class": k[0], "reason": k[1],
             "example": f"{v[0]['file']} ({v[0]['layout']}): {v[0].get('reason', '')}"[:260]} for k, v in ordered]


def print_table(rows: list[dict], columns: list[str]) -> None:
    widths = {c: max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for r in rows:
        print("  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns))


def report(rows: list[dict], args, seconds: float) -> tuple[Path, Path]:
    name = "unstated_shapes_given" if args.shapes else "unstated_shapes"
    counts = counts_table(rows)
    reasons = reasons_table(rows)
    failing = sorted((r for r in rows if r["class"] != "verified"),
                     key=lambda r: (CLASSES.index(r["class"]), r["file"], r["layout"]))
    count_cols = ["direction", "layout", *CLASSES, "total"]
    print("\n== counts")
    print_table(counts, count_cols)
    print("\n== reasons, grouped")
    print_table(reasons, ["count", "class", "reason"])
    print("\n== cases not verified")
    for r in failing:
        where = f" [{r.get('nnport_where') or r.get('where')}]" if r["class"] == "crash" else ""
        print(f"{r['class']:14s} {r['file']:48s} {r['layout']:6s} {r.get('reason', '')}{where}")
    csv_path = write_csv(name, rows, COLUMNS)
    files = corpus_files()
    how = ("the input shapes of `SHAPES.json` given to migrate (`ReadOptions(input_shape=...)`) and to verify"
           if args.shapes else "no input shape given, to migrate or to verify")
    corpus = (
        f"Corpus: `tests/models/unstated/`: {sum(f.startswith('torch/') for f in files)} PyTorch and "
        f"{sum(f.startswith('keras/') for f in files)} Keras model files that state no input shape. "
        f"Each was migrated to the other framework and verified ({args.trials} trials, atol 1e-5), "
        f"with {how}. Cases run: {len(rows)}; layouts: {', '.join(args.layouts)}; "
        f"timeout per case {args.timeout:g} s; {seconds:.0f} s in all"
        + (f"; first {args.limit} files per framework" if args.limit else "")
        + (f"; files matching `{args.only}`" if args.only else "") + ".\n"
    )
    classes = ("Classes: `verified` (verify passed), `diverged` (migrate succeeded, outputs differ: the worst), "
               "`refused` (migrate raised a diagnostic), `verify-refused` (verify raised a diagnostic), `crash` "
               "(any other exception), `timeout`.\n")
    sections = [
        corpus,
        classes,
        "## Counts\n\n" + markdown_table(counts, count_cols),
        "## Reasons, grouped\n\n" + markdown_table(reasons, ["count", "class", "reason", "example"]),
        "## Cases not verified\n\n" + markdown_table(
            failing, ["file", "direction", "layout", "class", "reason", "nnport_where"]),
        f"Engine measured: {_engine_state()}.\n",
        f"Full rows: `{name}.csv`. Command: `python -m benchmarks.unstated_shapes {' '.join(sys.argv[1:])}`.\n",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    md_path = RESULTS / f"{name}.md"
    title = "Model files without input shapes" + (": shapes given" if args.shapes else "")
    md_path.write_text(f"# {title}\n\n" + "\n".join(sections) + "\n" + machine_markdown(), encoding="utf-8")
    return md_path, csv_path


def _engine_state() -> str:
    """Whether the engine measured is a commit or a working tree with changes under src/."""
    import subprocess

    try:
        out = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True,
                             text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    changed = len([line for line in out.splitlines() if line.strip()])
    return f"{changed} files under src/ changed since the commit" if changed else "the commit, unchanged"


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.unstated_shapes", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layout", choices=["source", "native", "both"], default="both")
    parser.add_argument("--trials", type=int, default=3, help="verify trials per case (default 3)")
    parser.add_argument("--limit", type=int, help="only the first K files of each framework")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1: this process)")
    parser.add_argument("--shapes", action="store_true", help="give the input shapes of SHAPES.json")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per case, 0 for none (default 180)")
    parser.add_argument("--only", help="only files whose path contains this text")
    parser.add_argument("--keep", help="write the migrated files here instead of a temporary folder")
    args = parser.parse_args(argv)
    args.layouts = ["source", "native"] if args.layout == "both" else [args.layout]
    return args


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    todo = cases(args.layouts, args.shapes, args.only, args.limit)
    if not todo:
        print("no cases", file=sys.stderr)
        return 2
    start = time.perf_counter()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        rows = run_all(todo, args.keep, args.trials, args.timeout, args.jobs)
    else:
        with tempfile.TemporaryDirectory(prefix="nnport_unstated_") as out_dir:
            rows = run_all(todo, out_dir, args.trials, args.timeout, args.jobs)
    md_path, csv_path = report(rows, args, time.perf_counter() - start)
    print(f"\nresults in {md_path.relative_to(ROOT)} and {csv_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
