"""Real public model files: migrate each one and verify it as it stands, as a user would.

``python -m benchmarks.real_files DIR [--sources FILE] [--causes FILE] [--layout source|native|both]
[--trials N] [--timeout S] [--jobs J] [--only SUBSTRING] [--keep DIR]``

``DIR`` holds public files laid out as ``DIR/{torch,keras}/*.py``; nothing of them is bundled here.
``--sources`` (default ``DIR/SOURCES.json``) names, per file relative to ``DIR``, where it comes
from and how hard it is::

    {"torch/tv_resnet.py": {"repo": "pytorch/vision", "path": "torchvision/models/resnet.py",
                            "commit": "054e54c5...", "difficulty": "hard", "kind": "...",
                            "constructs": ["builder", "residual"]}}

``--causes`` (default ``DIR/CAUSES.json`` when it exists) is the triage of the files that failed: per
file, the causes that block it (several when several do), the construct of the source behind them
(``line N: `code` ``) and what was checked by hand::

    {"torch/tv_vgg.py": {"causes": ["verify cannot run the source: relative import"],
                         "construct": "line 3: `from .utils import ...`", "checked": "..."}}

Each file is migrated to the other framework with no input shape and no model name, then verified
with none either (the cases and classes of ``benchmarks.unstated_shapes``). Results go to
``benchmarks/results/real_files.{md,csv}``: the share of simple and hard files that migrate and that
verify, the refusal causes grouped (as triaged, and by diagnostic text), every case not verified, and the sources as links.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import unstated_shapes as us
from .common import RESULTS, machine_markdown, markdown_table, write_csv

NAME = "real_files"


def load_sources(path: Path) -> dict:
    sources = json.loads(path.read_text(encoding="utf-8"))
    missing = [f for f in us.corpus_files() if f not in sources]
    if missing:
        raise SystemExit(f"{path}: no entry for {', '.join(missing)}")
    return sources


def _link(entry: dict) -> str:
    url = f"https://github.com/{entry['repo']}/blob/{entry['commit']}/{entry['path']}"
    return f"[{entry['repo']}/{entry['path']}]({url}) @ `{entry['commit'][:10]}`"


def sources_table(sources: dict, files: list[str]) -> list[dict]:
    return [{"file": f, "difficulty": sources[f]["difficulty"], "kind": sources[f].get("kind", ""),
             "source": _link(sources[f])} for f in files]


def causes_table(rows: list[dict], causes: dict) -> list[dict]:
    """Per triaged cause, the files still not verified that it blocks, most first; a file counts under each of its causes."""
    failing = {}
    for r in rows:
        if r["class"] != "verified":
            failing.setdefault(r["file"], r)
    groups: dict[str, list[str]] = {}
    for f in sorted(failing):
        for cause in causes.get(f, {}).get("causes", ["not triaged"]):
            groups.setdefault(cause, []).append(f)
    table = []
    for cause, files in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        first = files[0]
        table.append({"files": len(files), "cause": cause, "which": " ".join(Path(f).stem for f in files),
                      "example": f"{failing[first].get('reason', '')[:200]}",
                      "construct": f"{first} {causes.get(first, {}).get('construct', '')}"})
    return table


def checked_table(rows: list[dict], causes: dict) -> list[dict]:
    """What was checked by hand on files that failed, and triaged files that now verify."""
    classes = {r["file"]: r["class"] for r in rows}
    return [{"file": f, "now": classes[f], "checked": entry["checked"]}
            for f, entry in sorted(causes.items()) if f in classes and entry.get("checked")]


def per_file_table(rows: list[dict]) -> list[dict]:
    return [{"file": r["file"], "difficulty": r["difficulty"], "layout": r["layout"], "class": r["class"],
             "reason": r.get("reason", "") or (f"max abs diff {r['max_abs_diff']}" if r.get("max_abs_diff") else "")}
            for r in sorted(rows, key=lambda r: (r["file"], r["layout"]))]


def _intro(files: list[str], rows: list[dict], args, seconds: float) -> str:
    return (f"Corpus: {sum(f.startswith('torch/') for f in files)} PyTorch and "
            f"{sum(f.startswith('keras/') for f in files)} Keras files taken unchanged from public repositories "
            "(official examples and tutorials, torchvision model definitions, keras-io examples, old Keras 1/2 "
            "examples); they are not part of this repository, the table of sources at the end links each one. "
            f"Each was migrated to the other framework and verified ({args.trials} trials, atol 1e-5) with no "
            f"input shape and no model name given, to migrate or to verify. Cases run: {len(rows)}; layouts: "
            f"{', '.join(args.layouts)}; timeout per case {args.timeout:g} s; {seconds:.0f} s in all.\n\n"
            "Classes: `verified` (verify passed), `diverged` (migrate succeeded, outputs differ: the worst), "
            "`refused` (migrate raised a diagnostic), `verify-refused` (verify raised a diagnostic), `crash` "
            "(any other exception), `timeout`.\n")


DIFFICULTY = ("## Simple and hard files\n\n`simple`: one network, tutorial-sized; `hard`: builders, config "
              "tables, residual networks, custom layers, several networks. `migrated`: migrate succeeded (whatever "
              "verify then said); `verified`: verify passed too. The target: at least 85 % of the simple files and "
              "65 % of the hard ones migrate, and every migrated one verifies as it stands.\n\n")
CAUSES = ("## Causes, as triaged\n\nEach file not verified counts under every cause that blocks it (from the "
          "triage file); `construct` is the source line behind the first file's diagnostic.\n\n")


WRONG = ("## Migrated with exit 0 but wrong\n\nCases whose migration succeeded and whose migrated model "
         "computes something else (`diverged`) or does not run at all (verify fails running the migrated model).\n\n")


def wrong_after_migrate(row: dict) -> bool:
    return row["class"] == "diverged" or (row["class"] == "verify-refused"
                                          and "running the migrated model" in row.get("reason", ""))


def _table_or_none(rows: list[dict], columns: list[str]) -> str:
    return markdown_table(rows, columns) if rows else "None.\n"


def report(rows: list[dict], sources: dict, causes: dict, args, seconds: float) -> tuple[Path, Path]:
    us.annotate(rows, sources)
    files = us.corpus_files()
    difficulty_cols = ["difficulty", "direction", "layout", "files", "migrated", "migrated %", "verified",
                       "verified %", "verified of migrated"]
    wrong = [r for r in rows if wrong_after_migrate(r)]
    command = (f"Full rows: `{NAME}.csv`. Command: `python -m benchmarks.real_files DIR {' '.join(sys.argv[2:])}` "
               "with the files of the table above under `DIR/{torch,keras}/` and their entries in "
               "`DIR/SOURCES.json` (triage: `DIR/CAUSES.json`).\n")
    sections = [
        _intro(files, rows, args, seconds),
        DIFFICULTY + markdown_table(us.difficulty_table(rows), difficulty_cols),
        "## Counts\n\n" + markdown_table(us.counts_table(rows), ["direction", "layout", *us.CLASSES, "total"]),
        WRONG + _table_or_none(wrong, ["file", "direction", "layout", "class", "reason", "max_abs_diff"]),
        CAUSES + markdown_table(causes_table(rows, causes), ["files", "cause", "which", "example", "construct"]),
        "## Checked by hand\n\n" + _table_or_none(checked_table(rows, causes), ["file", "now", "checked"]),
        "## Reasons, grouped by diagnostic text\n\n"
        + markdown_table(us.reasons_table(rows), ["count", "class", "reason", "example"]),
        "## Per file\n\n" + markdown_table(per_file_table(rows), ["file", "difficulty", "layout", "class", "reason"]),
        "## Sources\n\n" + markdown_table(sources_table(sources, files), ["file", "difficulty", "kind", "source"]),
        f"Engine measured: {us._engine_state()}.\n",
        command,
    ]
    csv_path = write_csv(NAME, rows, us.COLUMNS + ["difficulty", "constructs"])
    md_path = RESULTS / f"{NAME}.md"
    md_path.write_text("# Real public model files\n\n" + "\n".join(sections) + "\n" + machine_markdown(),
                       encoding="utf-8")
    return md_path, csv_path


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.real_files", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="folder with torch/ and keras/ of public files")
    parser.add_argument("--sources", help="the sources file (default CORPUS/SOURCES.json)")
    parser.add_argument("--causes", help="the triage file (default CORPUS/CAUSES.json when it exists)")
    us.add_run_options(parser, layout="source")
    args = parser.parse_args(argv)
    args.layouts = ["source", "native"] if args.layout == "both" else [args.layout]
    return args


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    corpus = us.use_corpus(Path(args.corpus).resolve())
    sources = load_sources(Path(args.sources) if args.sources else corpus / "SOURCES.json")
    causes_path = Path(args.causes) if args.causes else corpus / "CAUSES.json"
    causes = json.loads(causes_path.read_text(encoding="utf-8")) if causes_path.is_file() else {}
    todo = us.cases(args.layouts, False, args.only)
    if not todo:
        print("no cases", file=sys.stderr)
        return 2
    start = time.perf_counter()
    rows = us.run_cases(todo, args)
    md_path, csv_path = report(rows, sources, causes, args, time.perf_counter() - start)
    print(f"\nresults in {md_path} and {csv_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
