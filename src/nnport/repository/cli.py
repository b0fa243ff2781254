"""``nnport migrate SRC_DIR -o OUT_DIR``: the options only a folder takes, and the command's run."""
from __future__ import annotations

import os
from pathlib import Path

import click

TREE_ONLY = ("verify", "train", "jobs", "quiet", "timeout", "trials")
FILE_ONLY = {"model": "--model", "input_shape": "--input-shape", "values": "--set"}

tree_options = [
    click.option("--verify", is_flag=True, help="SRC_DIR: verify each migrated file (executes what builds the "
                                                 "models, in worker processes)."),
    click.option("--train", is_flag=True, help="SRC_DIR, with --verify: also compare each file's training steps."),
    click.option("--jobs", "-j", type=click.IntRange(min=1), help="SRC_DIR: verify workers (default: the cores, "
                                                                   "at most 4)."),
    click.option("--timeout", type=click.FloatRange(min=1),
                 help="SRC_DIR: seconds one file's verification may take (default 300)."),
    click.option("--trials", type=click.IntRange(min=1),
                 help="SRC_DIR: verify trials per file (default 10; nnport verify makes 100, a tree has many files)."),
    click.option("--quiet", "-q", is_flag=True, help="SRC_DIR: no progress line."),
]


def with_tree_options(fn):
    for option in reversed(tree_options):
        fn = option(fn)
    return fn


def check_file_options(tree: dict) -> None:
    """Options of a folder's migration given for one file: a usage error."""
    given = [f"--{name}" for name in TREE_ONLY if tree.get(name) not in (None, False)]
    if given:
        raise click.UsageError(f"{', '.join(given)}: only when SOURCE is a folder")


def run_tree(source: str, output: str | None, write, framework, file_only: dict, tree: dict) -> int:
    """Migrate the folder SOURCE; the exit status."""
    from .report import summary_line, write_reports
    from .run import Settings, migrate_tree

    given = [flag for name, flag in FILE_ONLY.items() if file_only.get(name)]
    if given:
        raise click.UsageError(f"{', '.join(given)}: applies to one file; SOURCE is a folder")
    if not output:
        raise click.UsageError("a folder migrates into a folder: give -o OUT_DIR")
    if tree["train"] and not tree["verify"]:
        raise click.UsageError("--train compares training while verifying: add --verify")
    jobs = tree["jobs"] or max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                      else os.cpu_count() or 1))
    given = {name: tree[name] for name in ("timeout", "trials") if tree[name] is not None}
    settings = Settings(write=write, framework=framework, verify=tree["verify"], train=tree["train"], jobs=jobs,
                        quiet=tree["quiet"], **given)
    run = migrate_tree(Path(source), Path(output), settings)
    _, html = write_reports(run)
    click.echo(summary_line(run))
    for entry in sorted(run.entries, key=lambda e: e.path):  # what needs a look, even with --quiet
        if entry.status in ("diverged", "failed", "refused", "unverified"):
            click.echo(f"{entry.path}: {entry.status}: {entry.reason}", err=True)
    click.echo(f"report: {html}")
    return run.exit_status
