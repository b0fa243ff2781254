"""Figure 5 / RQ2a: random inputs through source and migrated networks with shared weights.

Each scenario of Table 1 is checked with ``nnport.verify`` (weights copied source -> migrated by the
weight converter, eval mode, seeded random inputs); the max absolute difference (MAD) of every
trial is written to CSV and drawn as one box plot per direction, like the paper's Figure 5.
"""
from __future__ import annotations

import statistics

from .common import RESULTS, Settings, first_line, markdown_table, write_csv, write_markdown
from .rq1_migration import migrate_scenario
from .scenarios import scenarios

SUMMARY = ["network", "direction", "label", "paper", "trials", "max_mad", "median_mad", "passed", "first_diverging",
           "error"]


def verify(source, migrated, trials: int, style: str, seed: int = 0):
    """``nnport.verify`` on one input per trial, as the paper draws them."""
    from nnport.verify import verify as run_verify

    from . import engine

    model = engine.pivot(source)
    factory = engine.model_expr(model, engine.OTHER[model.source.framework], style)
    return run_verify(str(source), str(migrated), trials=trials, seed=seed, batch=1, style=style,
                      migrated_factory=factory, per_layer=False)


def check_scenario(s, trials: int) -> tuple[dict, list[dict]]:
    row = {"network": s.network, "direction": s.direction, "label": s.label, "paper": s.paper, "trials": 0}
    try:
        path, _ = migrate_scenario(s)
        result = verify(s.source, path, trials, s.target_style)
        mads = [float(m) for m in result.trials]
    except Exception as exc:
        return {**row, "error": first_line(exc)}, []
    row.update(trials=len(mads), max_mad=max(mads), median_mad=statistics.median(mads),
               passed=getattr(result, "passed", ""), first_diverging=getattr(result, "first_diverging", "") or "")
    points = [{"network": s.network, "direction": s.direction, "label": s.label, "trial": i, "mad": m}
              for i, m in enumerate(mads)]
    return row, points


def box_plot(points: list[dict], direction: str) -> str | None:
    """One PNG per direction: a panel per network, a box per scenario (paper's Figure 5)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    mine = [p for p in points if p["direction"] == direction]
    networks = list(dict.fromkeys(p["network"] for p in mine))
    if not networks:
        return None
    fig, axes = plt.subplots(1, len(networks), figsize=(3.2 * len(networks), 3.6), squeeze=False)
    for ax, network in zip(axes[0], networks):
        labels = list(dict.fromkeys(p["label"] for p in mine if p["network"] == network))
        data = [[p["mad"] for p in mine if p["network"] == network and p["label"] == lab] for lab in labels]
        ax.boxplot(data, tick_labels=labels)
        ax.set_title(network)
        ax.tick_params(axis="x", rotation=45)
        ax.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    axes[0][0].set_ylabel("max absolute difference")
    fig.suptitle(f"MAD of migrated networks, {direction.replace('->', ' to ')}")
    fig.tight_layout()
    name = f"figure5_mad_{direction.replace('->', '_to_')}.png"
    fig.savefig(RESULTS / name, dpi=120)
    plt.close(fig)
    return name


def run(settings: Settings) -> list[dict]:
    trials = settings.pick(10, 100, 100)
    rows, points = [], []
    for s in scenarios():
        row, pts = check_scenario(s, trials)
        rows.append(row)
        points.extend(pts)
        print(f"  {s.ident}: max MAD {row.get('max_mad', row.get('error'))}")
    write_csv("figure5_mad_trials", points, ["network", "direction", "label", "trial", "mad"])
    write_csv("figure5_mad_summary", rows, SUMMARY)
    RESULTS.mkdir(parents=True, exist_ok=True)
    plots = [box_plot(points, d) for d in ("keras->torch", "torch->keras")]
    verified = [r for r in rows if r["trials"]]
    worst = max((r["max_mad"] for r in verified), default=float("nan"))
    sections = [f"{len(verified)} / {len(rows)} scenarios verified with {trials} trials each; "
                f"largest MAD over all trials: **{worst:.3g}** (paper: up to 5.96e-8).\n",
                markdown_table(rows, SUMMARY),
                *(f"![{p}]({p})\n" for p in plots if p),
                "Per-trial values: `figure5_mad_trials.csv`.\n"]
    write_markdown("figure5_mad", "Figure 5 / RQ2a: max absolute difference over random inputs", sections, settings)
    print(sections[0])
    return rows
