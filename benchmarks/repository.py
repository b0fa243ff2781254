"""A whole repository migrated: ``nnport migrate SRC_DIR --to keras -o OUT_DIR`` on a generated
100-file tree, without and with ``--verify`` (two workers on two cores).

The tree is laid out as a project is: model files (PyTorch files of ``tests/models/unstated/``,
which state no input shape), notebooks holding models, Keras files already in the target,
training scripts that import the models, tests, utilities (some importing torch), model files
cut short mid-way (work in progress), and a ``.gitignore``d build folder. Targets: <= 10 s
without --verify, <= 3 min with. A screenshot of the report goes to
``results/repository_report.png`` where Chromium and Playwright are installed.

``python -m benchmarks.repository`` (or ``benchmarks.run_all repository``).
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from .common import (
    BUILD,
    RESULTS,
    TEST_MODELS,
    Settings,
    markdown_table,
    write_markdown,
)

UNSTATED = TEST_MODELS / "unstated"
TARGETS = {"plain": 10.0, "verify": 180.0}

TRAIN = '''import argparse

import torch
from torch import nn

from models.{group}.{module} import {cls}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()
    model = {cls}()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    for epoch in range(args.epochs):
        optimizer.zero_grad()
        print(epoch)
    torch.save(model.state_dict(), "{module}.pt")


if __name__ == "__main__":
    main()
'''

TEST = '''from models.{group}.{module} import {cls}


def test_{module}_builds():
    assert {cls}() is not None
'''

UTILS = [
    ("utils/io_{n}.py", ("import json\nimport os\n\n\ndef load(path):\n"
                         "    with open(os.path.expanduser(path)) as f:\n        return json.load(f)\n")),
    ("utils/metrics_{n}.py", ("import numpy as np\n\n\ndef accuracy(pred, target):\n"
                              "    return float(np.mean(np.asarray(pred) == np.asarray(target)))\n")),
    ("utils/torch_helpers_{n}.py", ("import torch\n\n\ndef seed_everything(seed=0):\n    torch.manual_seed(seed)\n\n\n"
                                    "def count_parameters(model):\n    return sum(p.numel() for p in model.parameters())\n")),
    ("data/loader_{n}.py", ("import torch\nfrom torch.utils.data import DataLoader, TensorDataset\n\n\n"
                            "def loader(x, y, batch_size=32):\n    return DataLoader(TensorDataset(x, y), "
                            "batch_size=batch_size, shuffle=True)\n")),
    ("scripts/config_{n}.py", "SETTINGS = {{'epochs': {n}, 'batch_size': 32, 'lr': 0.001}}\n"),
]


def _group(name: str) -> str:
    for prefix, group in (("text", "text"), ("lstm", "text"), ("gru", "text"), ("bi", "text"), ("rnn", "text"),
                          ("mlp", "tabular"), ("audio", "signal"), ("ecg", "signal"), ("eeg", "signal"),
                          ("signal", "signal"), ("sensor", "signal"), ("har", "signal")):
        if name.startswith(prefix):
            return group
    return "vision"


def _classes(text: str) -> list[str]:
    return [line.split("(")[0][6:] for line in text.splitlines() if line.startswith("class ")]


def build_tree(root: Path) -> Path:
    """100 files a walk finds (40 + 5 + 5 + 15 + 5 + 25 + 5), and 10 more in an ignored folder."""
    torch_files = sorted((UNSTATED / "torch").glob("*.py"))
    models, notebooks = torch_files[::2][:40], torch_files[1::2][:5]
    files: dict[str, str] = {".gitignore": "build/\n*.pt\n"}
    for path in models:
        files[f"models/{_group(path.stem)}/{path.name}"] = path.read_text()
    for path in notebooks:
        files[f"notebooks/{path.stem}.ipynb"] = _notebook(path.read_text())
    for path in sorted((UNSTATED / "keras").glob("*.py"))[:5]:
        files[f"baselines/keras/{path.name}"] = path.read_text()
    with_class = [(p, c[0]) for p in models if (c := _classes(p.read_text()))]
    for path, cls in with_class[:15]:
        names = {"group": _group(path.stem), "module": path.stem, "cls": cls}
        files[f"scripts/train_{path.stem}.py"] = TRAIN.format(**names)
    for path, cls in with_class[15:20]:
        files[f"tests/test_{path.stem}.py"] = TEST.format(group=_group(path.stem), module=path.stem, cls=cls)
    for n in range(25):
        name, text = UTILS[n % len(UTILS)]
        files[name.format(n=n)] = text.format(n=n)
    for n, path in enumerate(models[:5]):  # work in progress, cut short mid-file
        text = path.read_text()
        files[f"legacy/wip_{n}_{path.name}"] = text[: len(text) // 2]
    for path in models[:10]:
        files[f"build/lib/{path.name}"] = path.read_text()
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _notebook(code: str) -> str:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Model\n"]}]
    for part in code.split("\n\n\n"):
        cells.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                      "source": part.splitlines(keepends=True)})
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def migrate(source: Path, out: Path, *flags: str) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nnport", "migrate", str(source), "--to", "keras", "-o", str(out),
                           "-q", *flags], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report = json.loads((out / "nnport-report.json").read_text())
    return {"wall": wall, "cpu": cpu, "exit": done.returncode, "report": report, "stderr": done.stderr}


def _row(name: str, flags: str, found: dict) -> dict:
    summary = ", ".join(f"{n} {status}" for status, n in found["report"]["summary"].items())
    files = found["report"]["files"]
    verify = sorted(f["timings"]["verify_s"] for f in files if "verify_s" in f["timings"])
    return {"run": name, "command": f"`nnport migrate SRC --to keras -o OUT -q {flags}`".replace(" `", "`"),
            "files": len(files), "statuses": summary, "exit": found["exit"], "wall_s": round(found["wall"], 1),
            "cpu_s": round(found["cpu"], 1), "target_s": TARGETS[name], "met": found["wall"] <= TARGETS[name],
            "median_verify_s": round(verify[len(verify) // 2], 2) if verify else "",
            "migrate_sum_s": round(sum(f["timings"]["migrate_s"] for f in files), 2)}


def screenshot(html: Path, png: Path) -> str:
    """The top of the report as people first see it; a note why not where a browser is missing."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "no screenshot: playwright is not installed"
    if not chromium:
        return "no screenshot: chromium is not installed"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(html.as_uri())
        page.uncheck("#filters input[value='not a network']")
        page.screenshot(path=str(png))
        browser.close()
    return f"screenshot: `{png.relative_to(RESULTS.parent.parent)}`"


def run(settings: Settings) -> None:
    import shutil

    work = BUILD / "repository"
    shutil.rmtree(work, ignore_errors=True)
    source = build_tree(work / "src")
    jobs = "2" if len(os.sched_getaffinity(0)) >= 2 else "1"
    load = os.getloadavg()[0]
    plain = migrate(source, work / "out")
    checked = migrate(source, work / "out-verified", "--verify", "-j", jobs)
    load = f"Load average (1 min) of the machine, shared with other work: {load:.1f} before, {os.getloadavg()[0]:.1f} after."
    rows = [_row("plain", "", plain), _row("verify", f"--verify -j {jobs}", checked)]
    shot = screenshot(work / "out-verified" / "nnport-report.html", RESULTS / "repository_report.png")
    columns = ["run", "command", "files", "statuses", "exit", "wall_s", "cpu_s", "target_s", "met",
               "median_verify_s", "migrate_sum_s"]
    problems = [f"- `{f['path']}`: {f['status']}: {f['reason']}" for f in checked["report"]["files"]
                if f["status"] in ("diverged", "failed", "refused", "unverified")]
    notes = (f"The tree: {_describe(checked['report'])}. `wall_s` is the whole command in a new interpreter, "
             "`cpu_s` the CPU time of it and its worker processes. `median_verify_s`: one file's verification in "
             "a warm worker (10 trials, per-layer comparison). `migrate_sum_s`: the static migration of every "
             f"file, summed. {load} {shot}.")
    write_markdown("repository", "Migrating a repository", [
        markdown_table(rows, columns), notes, "\nFiles not migrated or not verified (with --verify):\n",
        "\n".join(problems) + "\n"], settings)
    print(markdown_table(rows, columns))


def _describe(report: dict) -> str:
    groups: dict[str, int] = {}
    for f in report["files"]:
        top = f["path"].split("/")[0]
        groups[top] = groups.get(top, 0) + 1
    return ", ".join(f"{n} in `{g}/`" if not g.endswith((".py", ".ipynb")) else f"`{g}`"
                     for g, n in sorted(groups.items())) + "; 10 more in a `.gitignore`d `build/`"


if __name__ == "__main__":
    run(Settings())
