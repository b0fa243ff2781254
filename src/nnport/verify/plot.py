"""Box plot of max absolute differences per scenario (as in the paper's Figure 5)."""
from __future__ import annotations

from pathlib import Path

from ..errors import NnportError, SourceLoc
from ..output import replacing


def box_plot(results: dict[str, list[float]], path: Path, title: str = "Max absolute difference per trial") -> None:
    """``results``: scenario label -> per-trial MAD values. Needs matplotlib (``pip install nnport[plot]``)."""
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only, no display needed
        import matplotlib.pyplot as plt
    except ModuleNotFoundError:
        raise NnportError("--plot needs matplotlib: pip install 'nnport[plot]'") from None
    figure, axes = plt.subplots(figsize=(max(4.0, 1.4 * len(results)), 4.0))
    axes.boxplot(list(results.values()), showfliers=True)
    axes.set_xticks(range(1, len(results) + 1), list(results), rotation=20)
    axes.set_ylabel("MAD")
    axes.set_title(title)
    axes.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    figure.tight_layout()
    formats = figure.canvas.get_supported_filetypes()
    try:
        if path.suffix.lower().lstrip(".") not in formats:
            raise NnportError(f"the plot is written as one of .{', .'.join(sorted(formats))}", SourceLoc(str(path)))
        with replacing(path, suffix=path.suffix) as tmp:  # atomically, like every output
            figure.savefig(tmp)
    finally:
        plt.close(figure)
