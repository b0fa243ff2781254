"""Every test model with training code, migrated and checked with ``nnport verify --train``.

``python -m benchmarks.train_verify [--steps K] [--only SUBSTRING] [--timeout S] [--keep DIR] [--compare CSV]``

The corpus is every ``tests/models/**/*.py`` (the ``invalid`` folders left out) from which nnport
reads training code (``pivot.training`` is set); each file is migrated to the other framework
(both directions: PyTorch files to Keras, Keras files to PyTorch) with no option, as a user would,
and ``verify_training`` runs both sides' training code K steps from the same weights. A case is

- ``pass``: losses, weights after the steps and learning rates agree within the documented tolerances;
- ``fail``: verify ran and something differs (or one side's own training code failed on the data);
- ``refused``: migrate or verify refused the file with a reason (``NnportError``);
- ``crash`` / ``timeout``: any other exception, or past ``--timeout`` seconds.

Per case: the largest loss difference over the steps, the largest weight difference (absolute, and
the worst tensor's difference / change in L2 norm, the measure the tolerance is on), the cause of a
failure and what the steps could not compare; the page adds the cause of each case that does not pass
as found by hand (``benchmarks/train_verify_triage.json``). ``--compare CSV`` adds an earlier run's counts
and the files whose result changed; ``--page CSV`` writes the page from a finished run's CSV.
Results: ``benchmarks/results/train_verify.{md,csv}``.
Everything runs in this one process (frameworks imported once).
"""
from __future__ import annotations

import argparse
import collections
import csv
import json
import signal
import sys
import tempfile
import time
from pathlib import Path

from .common import (
    RESULTS,
    TEST_MODELS,
    first_line,
    machine_markdown,
    markdown_table,
    write_csv,
)
from .unstated_shapes import (
    CaseTimeout,
    _detail,
    _nnport_line,
    _on_alarm,
    _setup_frameworks,
)

OTHER = {"torch": "keras", "keras": "torch"}
CLASSES = ["pass", "fail", "refused", "crash", "timeout"]
TRIAGE = Path(__file__).parent / "train_verify_triage.json"  # file -> cause found by hand
COLUMNS = ["file", "direction", "class", "steps", "max_loss_diff", "max_weight_diff", "worst_weight_rel_l2",
           "worst_weight", "weights_differing", "cause", "not_comparable", "seconds"]


def corpus(only: str | None = None) -> list[tuple[str, str]]:
    """(file relative to tests/models, source framework) of every test model nnport reads training code from."""
    from nnport import api
    from nnport.errors import NnportError

    found = []
    for path in sorted(TEST_MODELS.rglob("*.py")):
        name = path.relative_to(TEST_MODELS).as_posix()
        if "invalid" in path.parts or (only and only not in name):
            continue
        try:
            pivot = api.load(path)
        except NnportError:
            continue  # a file nnport cannot read has no training to compare (the other benchmarks count it)
        if pivot.training is not None:
            found.append((name, pivot.source.framework))
    return found


def run_case(name: str, source_fw: str, out_dir: str, steps: int, timeout: float) -> dict:
    from nnport.api import migrate
    from nnport.errors import NnportError
    from nnport.options import WriteOptions
    from nnport.verify.training import verify_training

    target = OTHER[source_fw]
    row = {"file": name, "direction": f"{source_fw}->{target}", "steps": steps}
    source = TEST_MODELS / name
    migrated = Path(out_dir) / f"{name.replace('/', '__')[:-3]}_{target}.py"
    start, saved_argv = time.perf_counter(), sys.argv
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        sys.argv = ["nnport", "migrate", str(source), "--to", target]
        migrated.write_text(migrate(source, WriteOptions(target=target)), encoding="utf-8")
        sys.argv = ["nnport", "verify", str(source), str(migrated), "--train"]
        row.update(measured(verify_training(source, migrated, steps=steps)))
    except CaseTimeout:
        row.update({"class": "timeout", "cause": f"ran past {timeout:g} s"})
    except NnportError as exc:
        row.update({"class": "refused", "cause": _nnport_line(exc, out_dir) + " / " + _detail(exc, out_dir)[:200]})
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - one case must never stop the run
        row.update({"class": "crash", "cause": first_line(exc)})
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.argv = saved_argv
    row["seconds"] = round(time.perf_counter() - start, 1)
    return row


def measured(result) -> dict:
    """One row's numbers and verdict from a ``TrainResult``."""
    weights = result.weights
    worst = max(weights, key=lambda n: weights[n][2], default="")
    differing = [n for n in sorted(weights) if not result.weight_agrees(n)]
    return {"class": "pass" if result.passed else "fail",
            "max_loss_diff": max((s.diff for s in result.steps), default=float("nan")),
            "max_weight_diff": max((d for d, _c, _r in weights.values()), default=float("nan")),
            "worst_weight_rel_l2": weights[worst][2] if worst else float("nan"), "worst_weight": worst,
            "weights_differing": len(differing), "cause": "" if result.passed else cause(result, differing),
            "not_comparable": " / ".join(result.not_comparable)}


def cause(result, differing: list[str]) -> str:
    if result.failure:
        return result.failure[:300]
    parts = []
    if not result.losses_agree:
        first = next((s for s in result.steps if not s.agrees(result.tolerances)), None)
        parts.append(f"losses differ from step {first.step}" if first else "no steps compared")
    if differing:
        parts.append(f"{len(differing)} weights differ ({', '.join(differing[:4])}{' ...' if len(differing) > 4 else ''})")
    if not result.lrs_agree:
        parts.append(f"learning rate differs from epoch {result.first_lr_difference}")
    return "; ".join(parts)


def counts(rows: list[dict]) -> list[dict]:
    table = []
    for direction in sorted({r["direction"] for r in rows}) + ["all"]:
        sub = [r for r in rows if direction in ("all", r["direction"])]
        tally = collections.Counter(r["class"] for r in sub)
        table.append({"direction": direction, **{c: tally.get(c, 0) for c in CLASSES}, "total": len(sub)})
    return table


def compared(rows: list[dict], before_csv: str | None) -> str:
    """Counts of an earlier run (its CSV) next to this one's, and the files whose class changed."""
    if not before_csv:
        return ""
    with open(before_csv, newline="", encoding="utf-8") as f:
        before = list(csv.DictReader(f))
    was = {r["file"]: r["class"] for r in before}
    changed = [{"file": r["file"], "direction": r["direction"], "before": was.get(r["file"], "-"), "now": r["class"]}
               for r in rows if was.get(r["file"]) != r["class"]]
    return (f"\n## Against an earlier run (`--compare {Path(before_csv).name}`)\n\nBefore:\n\n"
            + markdown_table(counts(before), ["direction", *CLASSES, "total"]) + "\nFiles whose result changed:\n\n"
            + markdown_table(changed, ["file", "direction", "before", "now"]))


def triage(rows: list[dict]) -> str:
    """Each case that does not pass, with its cause as found by hand (``TRIAGE``, a JSON file)."""
    known = json.loads(TRIAGE.read_text(encoding="utf-8")) if TRIAGE.is_file() else {}
    found = [{"file": r["file"], "class": r["class"], "why": known.get(r["file"], "not triaged")}
             for r in rows if r["class"] != "pass"]
    return "\n## Causes of what does not pass\n\n" + markdown_table(found, ["file", "class", "why"]) if found else ""


def report(rows: list[dict], args, seconds: float) -> Path:
    from nnport.verify.train_result import TOLERANCES

    write_csv("train_verify", rows, COLUMNS)
    tolerances = ", ".join(f"{k} {v:g}" for k, v in TOLERANCES.items())
    text = (f"# `nnport verify --train` on every test model with training code\n\n"
            f"`python -m benchmarks.train_verify --steps {args.steps}`: {len(rows)} files of `tests/models/` that "
            f"nnport reads training code from, each migrated to the other framework and trained {args.steps} "
            f"steps on both sides from the same weights ({seconds / 60:.1f} min). Tolerances: {tolerances} "
            f"(README, \"Verifying training\").{' ' + args.note if getattr(args, 'note', None) else ''}\n\n"
            + markdown_table(counts(rows), ["direction", *CLASSES, "total"])
            + compared(rows, getattr(args, "compare", None)) + triage(rows)
            + "\n## Per model\n\n" + markdown_table(rows, [c for c in COLUMNS if c != "steps"])
            + "\n" + machine_markdown())
    path = RESULTS / "train_verify.md"
    path.write_text(text, encoding="utf-8")
    return path


def _number(column: str, text: str):
    """A measured column of a CSV row back as a float (the page rounds floats)."""
    if column in ("max_loss_diff", "max_weight_diff", "worst_weight_rel_l2") and text:
        return float(text)
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5, help="training steps per case (verify --train's default)")
    parser.add_argument("--only", help="only files whose path holds this")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per case")
    parser.add_argument("--keep", help="write the migrated files here (default: a temporary folder)")
    parser.add_argument("--compare", help="the CSV of an earlier run, to show its counts and what changed")
    parser.add_argument("--page", help="write the results page from this finished run's CSV (runs nothing)")
    parser.add_argument("--note", help="a sentence for the page (which commits the runs measured)")
    args = parser.parse_args(argv)
    if args.page:
        with open(args.page, newline="", encoding="utf-8") as f:
            rows = [{k: _number(k, v) for k, v in r.items()} for r in csv.DictReader(f)]
        print(f"wrote {report(rows, args, sum(float(r['seconds'] or 0) for r in rows))}")
        return 0
    _setup_frameworks()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or tmp
        Path(out_dir).mkdir(parents=True, exist_ok=True)
        rows = []
        cases = corpus(args.only)
        for i, (name, fw) in enumerate(cases, 1):
            rows.append(run_case(name, fw, out_dir, args.steps, args.timeout))
            r = rows[-1]
            print(f"[{i:3d}/{len(cases)}] {r['class']:8s} {name:55s} {r.get('cause', '')[:100]}", flush=True)
            write_csv("train_verify", rows, COLUMNS)  # a run cut short keeps what it measured
    path = report(rows, args, time.perf_counter() - started)
    print("\n".join(f"{t['direction']}: " + ", ".join(f"{c} {t[c]}" for c in CLASSES) for t in counts(rows)))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
