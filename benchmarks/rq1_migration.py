"""Table 1 / RQ1: migrate the five networks in every scenario and run each result on dummy input."""
from __future__ import annotations

import numpy as np

from . import engine
from .common import BUILD, Settings, first_line, markdown_table, write_csv, write_markdown
from .scenarios import Scenario, scenarios

COLUMNS = ["network", "direction", "source_style", "target_style", "paper", "migrated", "runs",
           "output_shapes", "migrate_ms", "stage", "error", "generated"]


def migrate_scenario(s: Scenario) -> tuple:
    """(generated file, seconds); raises what nnport raised."""
    return engine.migrate_to_file(s.source, s.target_fw, s.target_style, "source", BUILD / "rq1", s.ident)


def run_scenario(s: Scenario) -> dict:
    row = {"network": s.network, "direction": s.direction, "source_style": s.source_style,
           "target_style": s.target_style, "paper": s.paper, "migrated": False, "runs": False}
    if not s.source.exists():
        return {**row, "stage": "source", "error": f"missing {s.source.name}"}
    stage = "migrate"
    try:
        path, seconds = migrate_scenario(s)
        row.update(migrated=True, migrate_ms=round(seconds * 1000, 1), generated=path.name)
        stage = "import"
        model = engine.pivot(s.source)
        built = engine.load_migrated(path, model, s.target_fw, s.target_style)
        stage = "run"
        arrays = engine.inputs(model, 2, np.random.default_rng(0))
        outputs = engine.to_numpy(engine.forward(built, s.target_fw, arrays))
        row.update(runs=True, output_shapes=" ".join(str(tuple(o.shape)) for o in outputs))
    except Exception as exc:  # the table records every failure with its stage
        row.update(stage=stage, error=first_line(exc))
    return row


def matrix(rows: list[dict], network: str) -> str:
    """The paper's Table 1 layout for one network: source style x target style, per direction."""
    lines = []
    for direction in sorted({r["direction"] for r in rows if r["network"] == network}):
        sub = [r for r in rows if r["network"] == network and r["direction"] == direction]
        targets = sorted({r["target_style"] for r in sub})
        table = []
        for source_style in sorted({r["source_style"] for r in sub}):
            cells = {"source \\ target": source_style}
            for r in sub:
                if r["source_style"] == source_style:
                    cells[r["target_style"]] = _mark(r)
            table.append(cells)
        lines.append(f"**{network}, {direction}**\n\n" + markdown_table(table, ["source \\ target", *targets]))
    return "\n".join(lines)


def _mark(row: dict) -> str:
    star = "" if row["paper"] else " (extra)"
    if row["runs"]:
        return "ok" + star
    return f"FAIL at {row.get('stage')}" + star


def run(settings: Settings) -> list[dict]:
    rows = [run_scenario(s) for s in scenarios()]
    write_csv("table1_scenarios", rows, COLUMNS)
    paper = [r for r in rows if r["paper"]]
    summary = (f"Paper scenarios migrated and run: **{sum(r['runs'] for r in paper)} / {len(paper)}**; "
               f"all scenarios including extras: {sum(r['runs'] for r in rows)} / {len(rows)}.\n")
    failures = [r for r in rows if not r["runs"]]
    sections = [summary, *(matrix(rows, n) for n in dict.fromkeys(r["network"] for r in rows))]
    if failures:
        sections.append("## Failures\n\n" + markdown_table(failures, ["network", "direction", "source_style",
                                                                       "target_style", "stage", "error"]))
    sections.append("Each migrated network was imported and run on a dummy batch of 2 in the source's "
                    "input layout (`--layout source`). Full rows: `table1_scenarios.csv`.\n")
    write_markdown("table1_scenarios", "Table 1 / RQ1: migration scenarios", sections, settings)
    print(summary)
    return rows
