"""Network diagrams as SVG (written directly) or PNG (drawn with matplotlib), same layout."""
from __future__ import annotations

from xml.sax.saxutils import escape

from ..ir.graph import PivotModel
from .layout import LINE_H, PAD, Diagram, layout

FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"
TITLE_H = 28


def diagram_of(model: PivotModel, network: str | None = None) -> Diagram:
    return layout(model.networks[network or model.main])


def svg(diagram: Diagram) -> str:
    width, height = diagram.width, diagram.height + TITLE_H
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" font-size="12">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
           'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{width / 2:.1f}" y="20" text-anchor="middle" font-size="14" font-weight="bold">'
           f'{escape(diagram.title)}</text>', f'<g transform="translate(0,{TITLE_H})">']
    for path in diagram.edges:
        out.append(f'<path class="edge" d="{_svg_path(path)}" fill="none" stroke="#555" marker-end="url(#arrow)"/>')
    for box in diagram.boxes:
        out.append(f'<g class="node"><rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
                   f'rx="5" fill="{box.colour}" stroke="#444"/>')
        for row, line in enumerate([box.title, *box.lines]):
            weight = ' font-weight="bold"' if row == 0 else ""
            out.append(f'<text x="{box.x + PAD:.1f}" y="{box.y + PAD / 2 + LINE_H * (row + 1) - 4:.1f}"{weight}>'
                       f'{escape(line)}</text>')
        out.append("</g>")
    return "\n".join(out + ["</g>", "</svg>"]) + "\n"


def segments(path):
    """(kind, points) pieces of an edge: curves between layers, vertical lines through a layer."""
    for i in range(len(path) - 1):
        (x1, y1), (x2, y2) = path[i], path[i + 1]
        if i % 2:
            yield "line", [(x1, y1), (x2, y2)]
        else:
            bend = (y2 - y1) / 2
            yield "curve", [(x1, y1), (x1, y1 + bend), (x2, y2 - bend), (x2, y2)]


def _svg_path(path) -> str:
    parts = [f"M{path[0][0]:.1f},{path[0][1]:.1f}"]
    for kind, points in segments(path):
        letter = "L" if kind == "line" else "C"
        parts.append(letter + " ".join(f"{x:.1f},{y:.1f}" for x, y in points[1:]))
    return " ".join(parts)


def png(diagram: Diagram) -> bytes:
    """The same picture through matplotlib (Agg); drawn in points, saved at 2x for sharpness."""
    import io

    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Path, PathPatch

    width, height = diagram.width, diagram.height + TITLE_H
    fig = plt.figure(figsize=(width / 72, height / 72), dpi=72)  # one point per layout pixel
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    ax.text(width / 2, 20, diagram.title, ha="center", fontsize=14, fontweight="bold", family="monospace")
    for path in diagram.edges:
        for kind, points in segments(path):
            points = [(x, y + TITLE_H) for x, y in points]
            codes = [Path.MOVETO] + [Path.LINETO if kind == "line" else Path.CURVE4] * (len(points) - 1)
            ax.add_patch(PathPatch(Path(points, codes), fill=False, edgecolor="#555", linewidth=1))
        x2, y2 = path[-1][0], path[-1][1] + TITLE_H
        ax.add_patch(FancyArrowPatch((x2, y2 - 7), (x2, y2), arrowstyle="-|>", mutation_scale=10, color="#555",
                                     shrinkA=0, shrinkB=0))
    for box in diagram.boxes:
        ax.add_patch(FancyBboxPatch((box.x, box.y + TITLE_H), box.w, box.h, boxstyle="round,pad=0,rounding_size=5",
                                    facecolor=box.colour, edgecolor="#444"))
        for row, line in enumerate([box.title, *box.lines]):
            ax.text(box.x + PAD, box.y + TITLE_H + PAD / 2 + LINE_H * (row + 1) - 4, line, fontsize=12,
                    family="monospace", fontweight="bold" if row == 0 else "normal")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=144, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()

