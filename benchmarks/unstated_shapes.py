"""Model files that state no input shape: migrate each one and verify it, as a user would.

``python -m benchmarks.unstated_shapes [--corpus DIR] [--layout source|native|both] [--trials N] [--limit K]
[--jobs J] [--shapes] [--models] [--timeout S] [--only SUBSTRING] [--keep DIR]``

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

``--corpus DIR`` measures another corpus laid out the same way (``DIR/{torch,keras}/*.py`` and a
metadata file). ``tests/models/programs`` holds model files written with the program constructs of
real public files (builders forwarding ``**kwargs``, config tables, argparse, runtime data, tensor
factories in forward, old Keras spellings, module aliases, custom layers...); its ``EXPECTED.json``
gives per file the constructs, the model expression, an input shape and whether the file is
``simple`` or ``hard``. Its results go to ``benchmarks/results/programs.{md,csv}``
(``programs_given`` with ``--shapes``), with the share of simple and hard files that migrate and
that verify, and the same per construct. ``--models`` passes the metadata's model expression (or
name) to migrate and to verify (``ReadOptions(model=...)``, ``verify(model=...)``); results then end
in ``_models``.

While a case runs, ``sys.argv`` is what the command line would hold (``nnport migrate SRC --to T``,
then ``nnport verify SRC MIGRATED``), since a source that parses its flags at import sees those.

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
PROGRAMS = ROOT / "tests" / "models" / "programs"
METADATA = ("SHAPES.json", "EXPECTED.json")  # per file: input_shape, model (and for programs: constructs, difficulty)
DIFFICULTIES = ["simple", "hard"]
_corpus = CORPUS  # the corpus measured; set by --corpus (and in every worker)
OTHER = {"torch": "keras", "keras": "torch"}
CLASSES = ["verified", "diverged", "refused", "verify-refused", "crash", "timeout"]
COLUMNS = ["file", "direction", "layout", "shapes", "class", "stage", "reason", "detail", "where", "nnport_where",
           "max_abs_diff", "first_diverging", "layer_alarms", "notes", "migrate_s", "verify_s"]


@dataclass(frozen=True)
class Case:
    file: str  # relative to the corpus, e.g. "torch/mnist_cnn_padded.py"
    source_fw: str
    layout: str
    input_shape: tuple | None  # only with --shapes
    model: str | None = None  # only with --models


class CaseTimeout(BaseException):
    """Raised by the alarm; a BaseException so that nnport's own ``except Exception`` lets it through."""


def _on_alarm(signum, frame):
    raise CaseTimeout()


def use_corpus(path: str | Path) -> Path:
    """Measure the corpus at ``path`` (relative to the repository root or absolute) from now on."""
    global _corpus
    path = Path(path)
    _corpus = (path if path.is_absolute() else ROOT / path).resolve()
    return _corpus


def corpus_files() -> list[str]:
    return [p.relative_to(_corpus).as_posix() for fw in ("torch", "keras") for p in sorted((_corpus / fw).glob("*.py"))]


def metadata_path() -> Path | None:
    return next((_corpus / name for name in METADATA if (_corpus / name).is_file()), None)


def load_metadata() -> dict:
    path = metadata_path()
    return json.loads(path.read_text(encoding="utf-8")) if path else {}


def load_shapes() -> dict:
    return json.loads(SHAPES.read_text(encoding="utf-8"))


def results_name(args) -> str:
    """unstated_shapes[_given] for the default corpus, programs[_given] for tests/models/programs, else the folder's name."""
    base = "unstated_shapes" if _corpus == CORPUS.resolve() else _corpus.name
    return base + ("_given" if args.shapes else "") + ("_models" if getattr(args, "models", False) else "")


def cases(layouts: list[str], with_shapes: bool, only: str | None = None, limit: int | None = None,
          with_models: bool = False) -> list[Case]:
    meta = load_metadata() if (with_shapes or with_models) else {}
    files = [f for f in corpus_files() if not only or only in f]
    if limit:
        # the first K files of each framework, so a short run still covers both directions
        by_fw = collections.defaultdict(list)
        for f in files:
            by_fw[f.split("/")[0]].append(f)
        files = [f for fw in ("torch", "keras") for f in by_fw[fw][:limit]]
    out = []
    for f in files:
        shape = tuple(meta[f]["input_shape"]) if with_shapes else None
        model = meta[f].get("model") if with_models else None
        for layout in layouts:
            out.append(Case(f, f.split("/")[0], layout, shape, model))
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
    """The first error of an NnportError (warnings printed before it skipped), its location made relative to the corpus."""
    text = str(exc).strip().splitlines()
    errors = [t for t in text if re.match(r"^(\S+:\d+:\d+: )?error: ", t)]
    line = errors[0] if errors else text[0] if text else type(exc).__name__
    return _relative(line, out_dir)[:300]


def _relative(text: str, out_dir: str) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # Keras marks names in bold
    for base, short in ((_corpus, ""), (ROOT, ""), (Path(out_dir), "migrated/")):
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
    source = _corpus / case.file
    migrated = Path(out_dir) / f"{source.stem}_{target}_{case.layout}.py"
    stage = "migrate"
    start = time.perf_counter()
    saved_argv = sys.argv
    if timeout:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        sys.argv = ["nnport", "migrate", str(source), "--to", target]
        code = migrate(source, WriteOptions(target=target, layout=case.layout),
                       ReadOptions(model=case.model, input_shape=case.input_shape))
        row["migrate_s"] = round(time.perf_counter() - start, 2)
        migrated.write_text(code, encoding="utf-8")
        stage = "verify"
        start = time.perf_counter()
        sys.argv = ["nnport", "verify", str(source), str(migrated)]
        result = verify(source, migrated, model=case.model, layout=case.layout, trials=trials,
                        input_shape=case.input_shape, per_layer=True)
        row["verify_s"] = round(time.perf_counter() - start, 2)
        alarms = sorted(p for p, d in result.per_layer.items() if d > result.atol)  # layers above atol
        row.update(max_abs_diff=f"{result.max:.3g}", notes=" / ".join(result.notes)[:300],
                   layer_alarms=" ".join(alarms))
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
    except SystemExit as exc:  # a source that exits while verify executes it (argparse, sys.exit)
        inner, ours = _frames(exc)
        row.update({"class": "crash", "reason": f"SystemExit: {exc.code}", "where": inner, "nnport_where": ours})
    except Exception as exc:  # noqa: BLE001 - one case must never stop the run
        if isinstance(exc, NnportError):
            row.update({"class": "refused" if stage == "migrate" else "verify-refused",
                        "reason": _nnport_line(exc, out_dir), "detail": _detail(exc, out_dir)})
        else:
            inner, ours = _frames(exc)
            row.update({"class": "crash", "reason": first_line(exc), "detail": _detail(exc, out_dir),
                        "where": inner, "nnport_where": ours})
    finally:
        sys.argv = saved_argv
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


def _worker_init(out_dir: str, trials: int, timeout: float, corpus: str = str(CORPUS)) -> None:
    use_corpus(corpus)
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
        _worker_init(out_dir, trials, timeout, str(_corpus))
        for i, case in enumerate(todo, 1):
            rows.append(_worker_run(case))
            show(i, rows[-1])
        return rows
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_worker_init, initargs=(out_dir, trials, timeout, str(_corpus))) as pool:
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


def _migrated(row: dict) -> bool:
    """Migrate succeeded (whatever verify then said)."""
    return row.get("stage") == "verify"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


def annotate(rows: list[dict], meta: dict) -> None:
    """Copy each file's difficulty and constructs (from EXPECTED.json) into its rows."""
    for r in rows:
        entry = meta.get(r["file"], {})
        r["difficulty"] = entry.get("difficulty", "unknown")
        r["constructs"] = " ".join(entry.get("constructs", []))


def difficulty_table(rows: list[dict]) -> list[dict]:
    """Per difficulty, direction and layout: files that migrate and files that verify, in numbers and shares."""
    table = []
    levels = DIFFICULTIES + sorted({r["difficulty"] for r in rows} - set(DIFFICULTIES))
    directions = sorted({r["direction"] for r in rows}) + ["all"]
    for layout in sorted({r["layout"] for r in rows}):
        for level in levels:
            for direction in directions:
                sub = [r for r in rows if r["layout"] == layout and r["difficulty"] == level
                       and direction in ("all", r["direction"])]
                if not sub:
                    continue
                migrated = [r for r in sub if _migrated(r)]
                verified = [r for r in sub if r["class"] == "verified"]
                table.append({"difficulty": level, "direction": direction, "layout": layout, "files": len(sub),
                              "migrated": len(migrated), "migrated %": _pct(len(migrated), len(sub)),
                              "verified": len(verified), "verified %": _pct(len(verified), len(sub)),
                              "verified of migrated": f"{len(verified)} / {len(migrated)}"})
    return table


def constructs_table(rows: list[dict]) -> list[dict]:
    """Per construct (a file counts under each of its constructs), all directions and layouts together."""
    groups = collections.defaultdict(list)
    for r in rows:
        for c in r["constructs"].split():
            groups[c].append(r)
    table = []
    for c, sub in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        migrated = sum(_migrated(r) for r in sub)
        verified = sum(r["class"] == "verified" for r in sub)
        table.append({"construct": c, "cases": len(sub), "migrated": migrated, "migrated %": _pct(migrated, len(sub)),
                      "verified": verified, "verified %": _pct(verified, len(sub))})
    return table


def print_table(rows: list[dict], columns: list[str]) -> None:
    widths = {c: max([len(c), *(len(str(r.get(c, ""))) for r in rows)]) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for r in rows:
        print("  ".join(str(r.get(c, "")).ljust(widths[c]) for c in columns))


def report(rows: list[dict], args, seconds: float) -> tuple[Path, Path]:
    name = results_name(args)
    meta = load_metadata()
    graded = any("difficulty" in entry for entry in meta.values())  # EXPECTED.json of tests/models/programs
    if graded:
        annotate(rows, meta)
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
    difficulty_cols = ["difficulty", "direction", "layout", "files", "migrated", "migrated %", "verified",
                       "verified %", "verified of migrated"]
    construct_cols = ["construct", "cases", "migrated", "migrated %", "verified", "verified %"]
    if graded:
        difficulties, constructs = difficulty_table(rows), constructs_table(rows)
        print("\n== simple and hard files")
        print_table(difficulties, difficulty_cols)
        print("\n== per construct")
        print_table(constructs, construct_cols)
    csv_path = write_csv(name, rows, COLUMNS + (["difficulty", "constructs"] if graded else []))
    files = corpus_files()
    meta_name = metadata_path().name if metadata_path() else "the metadata file"
    how = (f"the input shapes of `{meta_name}` given to migrate (`ReadOptions(input_shape=...)`) and to verify"
           if args.shapes else "no input shape given, to migrate or to verify")
    if args.models:
        how += f", and the model expression of `{meta_name}` given to both (`model=`)"
    where = _corpus.relative_to(ROOT).as_posix() if _corpus.is_relative_to(ROOT) else str(_corpus)
    what = ("model files that state no input shape" if _corpus == CORPUS.resolve() else
            "model files written with the program constructs of real public files (builders, config tables, "
            "argparse, runtime data, tensor factories, old Keras spellings, module aliases, custom layers; "
            f"`{meta_name}` names each file's constructs, model expression, input shape and difficulty)"
            if graded else "model files")
    corpus = (
        f"Corpus: `{where}/`: {sum(f.startswith('torch/') for f in files)} PyTorch and "
        f"{sum(f.startswith('keras/') for f in files)} Keras {what}. "
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
    ]
    if graded:
        sections += [
            "## Simple and hard files\n\n"
            "`migrated`: migrate succeeded (whatever verify then said); `verified`: verify passed too. "
            "The target: at least 85 % of the simple files and 65 % of the hard ones migrate, and every "
            "migrated one verifies as it stands.\n\n" + markdown_table(difficulties, difficulty_cols),
            "## Per construct\n\nA case counts under each construct its file exercises (the directions "
            "and layouts run, together).\n\n" + markdown_table(constructs, construct_cols),
        ]
    sections += [
        "## Reasons, grouped\n\n" + markdown_table(reasons, ["count", "class", "reason", "example"]),
        "## Cases not verified\n\n" + markdown_table(
            failing, ["file", "direction", "layout", "class", "reason", "nnport_where"]),
        f"Engine measured: {_engine_state()}.\n",
        f"Full rows: `{name}.csv`. Command: `python -m benchmarks.unstated_shapes {' '.join(sys.argv[1:])}`.\n",
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    md_path = RESULTS / f"{name}.md"
    title = ("Model files without input shapes" if _corpus == CORPUS.resolve() else
             "Model files as real programs write them" if graded else f"Corpus {_corpus.name}")
    title += (": shapes given" if args.shapes else "") + (": models given" if args.models else "")
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
    add_run_options(parser, layout="both")
    parser.add_argument("--limit", type=int, help="only the first K files of each framework")
    parser.add_argument("--corpus", default=str(CORPUS.relative_to(ROOT)),
                        help="the corpus folder, with torch/ and keras/ (default tests/models/unstated; "
                             "tests/models/programs writes benchmarks/results/programs.{md,csv})")
    parser.add_argument("--shapes", action="store_true",
                        help="give the input shapes of the corpus's SHAPES.json or EXPECTED.json")
    parser.add_argument("--models", action="store_true",
                        help="give the model expression (or name) of the corpus's metadata to migrate and verify")
    args = parser.parse_args(argv)
    args.layouts = ["source", "native"] if args.layout == "both" else [args.layout]
    return args


def add_run_options(parser: argparse.ArgumentParser, layout: str) -> None:
    """The options of a run over a corpus: layouts, trials, timeout, workers, a filter, where migrated files go."""
    parser.add_argument("--layout", choices=["source", "native", "both"], default=layout)
    parser.add_argument("--trials", type=int, default=3, help="verify trials per case (default 3)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per case, 0 for none (default 180)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1: this process)")
    parser.add_argument("--only", help="only files whose path contains this text")
    parser.add_argument("--keep", help="write the migrated files here instead of a temporary folder")


def run_cases(todo: list[Case], args) -> list[dict]:
    """Run the cases with the options of add_run_options, the migrated files in --keep or a temporary folder."""
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        return run_all(todo, args.keep, args.trials, args.timeout, args.jobs)
    with tempfile.TemporaryDirectory(prefix="nnport_run_") as out_dir:
        return run_all(todo, out_dir, args.trials, args.timeout, args.jobs)


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    use_corpus(args.corpus)
    if not (_corpus / "torch").is_dir() and not (_corpus / "keras").is_dir():
        print(f"{args.corpus}: no torch/ or keras/ folder", file=sys.stderr)
        return 2
    todo = cases(args.layouts, args.shapes, args.only, args.limit, args.models)
    if not todo:
        print("no cases", file=sys.stderr)
        return 2
    start = time.perf_counter()
    rows = run_cases(todo, args)
    md_path, csv_path = report(rows, args, time.perf_counter() - start)
    print(f"\nresults in {md_path.relative_to(ROOT)} and {csv_path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
