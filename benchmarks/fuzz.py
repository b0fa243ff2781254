"""Fuzzing: mutants of the project's own sources migrated in-process to both targets.

Each mutant is a test model, golden input or example with one to three mutations (a line deleted,
duplicated or swapped with another; a number literal set to 0, -1, 0.5, 2.5 or a huge value; a
name swapped for another name of the file; a layer class swapped for another of the file or of
a short list of real classes; the file truncated). Mutant ``i`` of seed ``s`` depends on
``(s, i)`` alone, so any one is rebuilt with ``python -m benchmarks.fuzz --show s:i``.

Each mutant is migrated to PyTorch and to Keras with a random style, layout and ``only_model`` /
``allow_partial``. Outcomes: ``ok``; ``diagnostic`` (an ``NnportError``, what bad input must
give); ``uncaught`` (any other exception, grouped by its type and the innermost frame in nnport);
``hang`` (over the time limit); ``memory`` (``MemoryError`` under the memory limit the worker
processes run with). The test (tests/test_fuzz.py) runs 2,000 mutants and asserts no uncaught
exception, hang or memory outcome; the benchmark (``python -m benchmarks.run_all fuzz``) runs
20,000 and writes ``results/fuzz.{md,csv}``.
"""
from __future__ import annotations

import argparse
import io
import keyword
import multiprocessing
import os
import random
import re
import resource
import signal
import sys
import tempfile
import time
import tokenize
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("tests/models/**/*.py", "tests/golden/*/input.py", "examples/*.py")
TIME_LIMIT_S = 20.0
MEMORY_LIMIT = 2 * 2**30  # address space of a worker process
NUMBERS = ("0", "-1", "0.5", "2.5", "10**9", "123456789012")
TORCH_CLASSES = ("Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose2d", "LSTM", "GRU", "RNN", "BatchNorm1d",
                 "BatchNorm2d", "LayerNorm", "InstanceNorm2d", "GroupNorm", "Dropout", "Dropout2d", "MaxPool1d",
                 "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d", "AdaptiveMaxPool1d", "Embedding", "Flatten",
                 "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Identity", "Sequential",
                 "ModuleList", "Upsample", "ZeroPad2d", "Unflatten", "MultiheadAttention")
KERAS_CLASSES = ("Dense", "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D", "DepthwiseConv2D",
                 "LSTM", "GRU", "SimpleRNN", "Bidirectional", "BatchNormalization", "LayerNormalization", "Dropout",
                 "SpatialDropout2D", "MaxPooling1D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
                 "GlobalMaxPooling1D", "Embedding", "Flatten", "Reshape", "Activation", "ReLU", "Softmax",
                 "UpSampling2D", "ZeroPadding2D", "Cropping2D", "Concatenate", "Add", "Permute", "RepeatVector",
                 "TimeDistributed", "Input", "Lambda", "MultiHeadAttention", "Sequential", "Layer", "Model")
OPERATORS = ("delete line", "duplicate line", "swap lines", "number", "name", "layer class", "truncate")
WEIGHTS = (3, 2, 2, 5, 3, 3, 1)
STYLES = (None, "subclassing", "sequential", "functional")
OUTCOMES = ("ok", "diagnostic", "uncaught", "hang", "memory")


def corpus() -> list[Path]:
    """The sources mutated, in a fixed order (files that are not UTF-8 are left out)."""
    paths = sorted({p for pattern in SOURCES for p in ROOT.glob(pattern)})
    kept = []
    for path in paths:
        try:
            path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        kept.append(path)
    return kept


@dataclass
class Mutant:
    seed: int
    index: int
    source: Path
    text: str
    operations: list[str] = field(default_factory=list)
    options: list[dict] = field(default_factory=list)  # one set of WriteOptions fields per target

    @property
    def name(self) -> str:
        return f"{self.seed}:{self.index}"

    def describe(self) -> str:
        return f"{self.source.relative_to(ROOT)} [{'; '.join(self.operations)}]"


def _tokens(text: str):
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None


def _offsets(text: str) -> list[int]:
    starts, total = [0], 0
    for line in text.splitlines(keepends=True):
        total += len(line)
        starts.append(total)
    return starts


def _replace_token(text: str, rng: random.Random, pick, replacement) -> tuple[str, str] | None:
    """Replace one token ``pick`` accepts (by tokenize; a regex where the text does not tokenize)."""
    tokens = _tokens(text)
    if tokens is not None:
        starts = _offsets(text)
        spans = [(starts[t.start[0] - 1] + t.start[1], starts[t.end[0] - 1] + t.end[1], t.string, i)
                 for i, t in enumerate(tokens) if pick(t, tokens, i)]
    else:
        spans = [(m.start(), m.end(), m.group(), None) for m in re.finditer(r"\b\w+(\.\d+)?\b", text)
                 if pick(None, m.group(), None)]
    if not spans:
        return None
    start, end, old, _ = rng.choice(spans)
    new = replacement(old)
    return text[:start] + new + text[end:], f"{old!r} -> {new!r} at offset {start}"


def _is_number(token, tokens, i) -> bool:
    if token is None:
        return bool(re.fullmatch(r"\d[\d_]*(\.\d+)?", tokens))
    return token.type == tokenize.NUMBER


def _is_name(token, tokens, i) -> bool:
    if token is None:
        return tokens.isidentifier() and not keyword.iskeyword(tokens)
    return token.type == tokenize.NAME and not keyword.iskeyword(token.string)


def _is_class(token, tokens, i) -> bool:
    """``nn.Linear``, ``layers.Dense``: a capitalised attribute."""
    if token is None:
        return False
    return (token.type == tokenize.NAME and token.string[:1].isupper() and i > 0
            and tokens[i - 1].string == ".")


def mutate(text: str, rng: random.Random) -> tuple[str, str]:
    """One mutation, chosen by ``rng``: the new text and what was done."""
    operator = rng.choices(OPERATORS, WEIGHTS)[0]
    lines = text.splitlines(keepends=True)
    if operator in ("delete line", "duplicate line", "swap lines") and lines:
        i = rng.randrange(len(lines))
        if operator == "delete line":
            del lines[i]
            return "".join(lines), f"delete line {i + 1}"
        if operator == "duplicate line":
            lines.insert(i, lines[i])
            return "".join(lines), f"duplicate line {i + 1}"
        j = min(len(lines) - 1, i + 1) if rng.random() < 0.5 else rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        return "".join(lines), f"swap lines {i + 1} and {j + 1}"
    if operator == "number":
        done = _replace_token(text, rng, _is_number, lambda old: rng.choice(NUMBERS))
        if done:
            return done[0], f"number {done[1]}"
    if operator == "name":
        names = sorted({t.string for t in _tokens(text) or [] if _is_name(t, None, None)}) or ["x"]
        done = _replace_token(text, rng, _is_name, lambda old: rng.choice(names))
        if done:
            return done[0], f"name {done[1]}"
    if operator == "layer class":
        tokens = _tokens(text) or []
        own = {t.string for i, t in enumerate(tokens) if _is_class(t, tokens, i)}
        listed = TORCH_CLASSES if "torch" in text else KERAS_CLASSES
        choices = sorted(own | set(listed))
        done = _replace_token(text, rng, _is_class, lambda old: rng.choice(choices))
        if done:
            return done[0], f"class {done[1]}"
    cut = rng.randrange(len(text) + 1) if rng.random() < 0.5 else _offsets(text)[rng.randrange(len(lines) + 1)]
    return text[:cut], f"truncate at offset {cut}"


def make_mutant(seed: int, index: int, sources: list[Path], texts: dict | None = None) -> Mutant:
    rng = random.Random(f"nnport-fuzz:{seed}:{index}")
    source = sources[rng.randrange(len(sources))]
    text = texts[source] if texts is not None else source.read_text(encoding="utf-8")
    mutant = Mutant(seed, index, source, text)
    for _ in range(rng.choices((1, 2, 3), (7, 2, 1))[0]):
        mutant.text, what = mutate(mutant.text, rng)
        mutant.operations.append(what)
    for target in ("torch", "keras"):
        mutant.options.append({"target": target, "style": rng.choice(STYLES),
                               "layout": rng.choice(("source", "native")), "only_model": rng.random() < 0.3,
                               "allow_partial": rng.random() < 0.2})
    return mutant


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so that no ``except Exception`` in nnport hides it."""


def _alarm(signum, frame):
    raise Hang()


def _innermost(exc: BaseException) -> str:
    """``path:line`` of the innermost frame inside nnport (else the innermost frame at all)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}nnport{os.sep}" in f.filename and "benchmarks" not in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    name = frame.filename.split(f"{os.sep}nnport{os.sep}", 1)[-1] if ours else Path(frame.filename).name
    return f"{name}:{frame.lineno} ({frame.name})"


def migrate_one(path: Path, options: dict, time_limit: float) -> tuple[str, str, str, float]:
    """(outcome, group, message, seconds) of one migration."""
    from nnport.api import migrate
    from nnport.errors import NnportError
    from nnport.options import WriteOptions

    start = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        try:
            migrate(path, WriteOptions(**options))
            result = ("ok", "", "")
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except Hang:
        result = ("hang", "hang", f"over {time_limit:g} s")
    except NnportError as exc:
        result = ("diagnostic", "", str(exc).splitlines()[0][:200])
    except MemoryError as exc:
        result = ("memory", f"MemoryError at {_innermost(exc)}", "over the memory limit")
    except RecursionError as exc:
        result = ("uncaught", f"RecursionError at {_innermost(exc)}", str(exc)[:200])
    except Exception as exc:
        message = (str(exc).strip().splitlines() or [""])[0][:200]
        result = ("uncaught", f"{type(exc).__name__} at {_innermost(exc)}", message)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return (*result, time.perf_counter() - start)


_WORKER: dict = {}


def _init_worker(memory_limit: int | None, time_limit: float) -> None:
    if memory_limit:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    sources = corpus()
    _WORKER.update(sources=sources, texts={p: p.read_text(encoding="utf-8") for p in sources},
                   folder=tempfile.mkdtemp(prefix="nnport-fuzz-"), time_limit=time_limit)


def _run_mutant(key: tuple[int, int]) -> list[dict]:
    seed, index = key
    mutant = make_mutant(seed, index, _WORKER["sources"], _WORKER["texts"])
    path = Path(_WORKER["folder"]) / mutant.source.name
    path.write_text(mutant.text, encoding="utf-8")
    rows = []
    for options in mutant.options:
        outcome, group, message, seconds = migrate_one(path, options, _WORKER["time_limit"])
        rows.append({"mutant": mutant.name, "source": str(mutant.source.relative_to(ROOT)),
                     "operations": "; ".join(mutant.operations), **{k: str(v) for k, v in options.items()},
                     "outcome": outcome, "group": group, "message": message, "seconds": seconds})
    return rows


@dataclass
class Report:
    mutants: int
    seconds: float
    rows: list[dict]

    def counts(self) -> Counter:
        """Migrations per outcome."""
        return Counter(r["outcome"] for r in self.rows)

    def mutant_counts(self) -> Counter:
        """Mutants per worst outcome over their two migrations."""
        worst: dict[str, int] = {}
        for r in self.rows:
            worst[r["mutant"]] = max(worst.get(r["mutant"], 0), OUTCOMES.index(r["outcome"]))
        return Counter(OUTCOMES[w] for w in worst.values())

    def failures(self) -> list[dict]:
        return [r for r in self.rows if r["outcome"] in ("uncaught", "hang", "memory")]

    def groups(self) -> list[dict]:
        """One row per group of failures: count, mutants, an example to rebuild with --show."""
        groups: dict[str, dict] = {}
        for r in self.failures():
            group = groups.setdefault(r["group"], {"group": r["group"], "outcome": r["outcome"], "count": 0,
                                                   "mutants": set(), "example": r["mutant"],
                                                   "source": r["source"], "operations": r["operations"],
                                                   "target": r["target"], "message": r["message"]})
            group["count"] += 1
            group["mutants"].add(r["mutant"])
        rows = sorted(groups.values(), key=lambda g: (-g["count"], g["group"]))
        for g in rows:
            g["mutants"] = len(g["mutants"])
        return rows

    def slowest(self, n: int = 5) -> list[dict]:
        return sorted(self.rows, key=lambda r: -r["seconds"])[:n]

    def summary(self) -> str:
        c, m = self.counts(), self.mutant_counts()
        return (f"{self.mutants} mutants, {len(self.rows)} migrations in {self.seconds:.0f} s: "
                + ", ".join(f"{o} {c.get(o, 0)}" for o in OUTCOMES)
                + f"; mutants with a failure {sum(m.get(o, 0) for o in OUTCOMES[2:])}, "
                + f"groups {len(self.groups())}")


def fuzz(count: int, seed: int = 0, workers: int = 1, time_limit: float = TIME_LIMIT_S,
        memory_limit: int | None = MEMORY_LIMIT, start: int = 0) -> Report:
    """Mutants ``start .. start + count - 1`` of ``seed``, in ``workers`` processes (spawned:
    the caller may hold framework threads that a fork would copy)."""
    began = time.perf_counter()
    keys = [(seed, i) for i in range(start, start + count)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(memory_limit, time_limit)) as pool:
        rows = [row for rows in pool.imap(_run_mutant, keys, chunksize=20) for row in rows]
    return Report(count, time.perf_counter() - began, rows)


def group_lines(report: Report) -> list[str]:
    return [f"{g['count']:5d}  {g['group']}: {g['message']}  (e.g. --show {g['example']}: {g['source']} "
            f"[{g['operations']}] -> {g['target']})" for g in report.groups()]


COLUMNS = ["group", "outcome", "count", "mutants", "example", "source", "operations", "target", "message"]


def run(settings) -> Report:
    """The benchmark entry (``python -m benchmarks.run_all fuzz``): results/fuzz.{md,csv}."""
    from .common import markdown_table, write_csv, write_markdown

    count = settings.pick(2_000, 20_000, 100_000)
    workers = max(1, min(4, os.cpu_count() or 1))
    report = fuzz(count, seed=0, workers=workers)
    print(report.summary())
    write_csv("fuzz", report.groups(), COLUMNS)
    c, m = report.counts(), report.mutant_counts()
    totals = [{"outcome": o, "migrations": c.get(o, 0), "mutants (worst outcome)": m.get(o, 0)} for o in OUTCOMES]
    times = sorted(r["seconds"] for r in report.rows)
    slow = [{"mutant": r["mutant"], "target": r["target"], "outcome": r["outcome"], "seconds": r["seconds"],
             "source": r["source"], "operations": r["operations"]} for r in report.slowest()]
    sections = [
        f"{report.summary()}.\n",
        f"Seed 0, mutants 0 to {count - 1} of {len(corpus())} sources (test models, golden inputs, examples), "
        f"each migrated to both targets with random style, layout, only_model and allow_partial; "
        f"{workers} worker processes, a limit of {TIME_LIMIT_S:g} s per migration and "
        f"{MEMORY_LIMIT / 2**30:g} GiB of address space per worker. Rebuild a mutant with "
        "`python -m benchmarks.fuzz --show SEED:INDEX`.\n",
        markdown_table(totals, list(totals[0])),
        f"Time per migration: median {times[len(times) // 2] * 1e3:.1f} ms, "
        f"99th percentile {times[int(len(times) * 0.99)] * 1e3:.1f} ms, largest {times[-1]:.2f} s.\n",
        "## Failure groups\n",
        markdown_table(report.groups(), COLUMNS) if report.groups() else "None.\n",
        "## Slowest migrations\n",
        markdown_table(slow, list(slow[0])),
    ]
    write_markdown("fuzz", "Fuzzing: mutants of the test models, migrated to both targets", sections, settings)
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first mutant index")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--show", metavar="SEED:INDEX", help="print one mutant, its operations and options")
    parser.add_argument("--write", metavar="FILE", help="with --show: write the mutant to FILE")
    args = parser.parse_args(argv)
    if args.show:
        seed, index = (int(part) for part in args.show.split(":"))
        mutant = make_mutant(seed, index, corpus())
        if args.write:
            Path(args.write).write_text(mutant.text, encoding="utf-8")
        print(f"# {mutant.describe()}\n# options: {mutant.options}")
        if not args.write:
            print(mutant.text)
        return 0
    report = fuzz(args.count, args.seed, args.workers, start=args.start)
    print(report.summary())
    print("\n".join(group_lines(report)))
    return 1 if report.failures() else 0


if __name__ == "__main__":
    sys.exit(main())
