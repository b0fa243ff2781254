"""A layered layout of a network's forward graph: one box per node, edges per value.

Pure Python (no graphviz): each node sits one layer below its deepest producer, boxes in a
layer are ordered by where their producers are, and long edges are curves. Both the SVG and
the PNG writer draw this same layout, so the two pictures agree.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from ..catalog import registry
from ..catalog.schema import REQUIRED
from ..ir.graph import Network, Node

CHAR_W, LINE_H, PAD, GAP_X, GAP_Y, WAYPOINT_W = 7.25, 16, 8, 24, 40, 6
MAX_CHARS = 36
COLOURS = {"input": "#d9d9d9", "output": "#d9d9d9", "network": "#fff2cc", "conv": "#cfe2f3", "linear": "#d9ead3",
           "activation": "#fce5cd", "norm": "#e6d5f0", "pooling": "#d0f0ef", "recurrent": "#f4cccc",
           "arithmetic": "#eeeeee", "merge": "#eeeeee", "constant": "#ffffff"}


@dataclass
class Box:
    title: str
    lines: list[str]
    family: str
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0

    @property
    def colour(self) -> str:
        return COLOURS.get(self.family, "#f3f3f3")


@dataclass
class Diagram:
    title: str
    boxes: list[Box] = field(default_factory=list)
    # each edge is a path: source bottom, then top and bottom of each layer it passes, then target top;
    # segments alternate curve, vertical line, curve ... so long edges run between the boxes of a layer
    edges: list[list[tuple[float, float]]] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


@dataclass
class _Slot:
    """A box, or a waypoint of an edge crossing a layer (``box`` is None)."""

    depth: int
    width: float
    box: Box | None = None
    before: list[int] = field(default_factory=list)  # slots in the layer above that feed this one
    x: float = 0.0


def layout(net: Network) -> Diagram:
    nodes = list(net.graph.nodes)
    index = {id(n): i for i, n in enumerate(nodes)}
    producers = net.graph.producers()
    sources = [list(dict.fromkeys(index[id(producers[v])] for v in n.inputs if v in producers)) for n in nodes]
    depth = _layers(sources)
    diagram = Diagram(f"{net.name} ({net.style})", [_box(net, n) for n in nodes])
    slots = [_Slot(depth[i], box.w, box) for i, box in enumerate(diagram.boxes)]
    routes = []
    for target, srcs in enumerate(sources):
        for source in srcs:
            route = [source]
            for d in range(depth[source] + 1, depth[target]):
                slots.append(_Slot(d, WAYPOINT_W, before=[route[-1]]))
                route.append(len(slots) - 1)
            slots[target].before.append(route[-1])
            routes.append(route + [target])
    rows = _place(diagram, slots)
    diagram.edges = [_path(slots, rows, route) for route in routes]
    return diagram


def _layers(sources: list[list[int]]) -> list[int]:
    depth: list[int] = []
    for srcs in sources:
        depth.append(1 + max((depth[s] for s in srcs), default=-1))
    return depth


def _place(diagram: Diagram, slots: list[_Slot]) -> dict[int, tuple[float, float]]:
    """Orders each layer by where its feeders sit, centres it; returns each layer's top and height."""
    rows: dict[int, list[int]] = {}
    for i, slot in enumerate(slots):
        rows.setdefault(slot.depth, []).append(i)
    rank: dict[int, float] = {}
    for d in sorted(rows):
        rows[d].sort(key=lambda i: (sum(rank[b] for b in slots[i].before) / len(slots[i].before)
                                    if slots[i].before else 0, i))
        rank.update({i: position for position, i in enumerate(rows[d])})
    widths = {d: sum(slots[i].width for i in row) + GAP_X * (len(row) - 1) for d, row in rows.items()}
    diagram.width = max(widths.values()) + 2 * GAP_X
    extent, y = {}, GAP_Y / 2
    for d in sorted(rows):
        x = (diagram.width - widths[d]) / 2
        height = max((slots[i].box.h for i in rows[d] if slots[i].box), default=0)
        for i in rows[d]:
            slots[i].x = x
            if slots[i].box:
                slots[i].box.x, slots[i].box.y = x, y
            x += slots[i].width + GAP_X
        extent[d] = (y, height)
        y += height + GAP_Y
    diagram.height = y - GAP_Y / 2
    return extent


def _path(slots: list[_Slot], rows: dict, route: list[int]) -> list[tuple[float, float]]:
    first, last = slots[route[0]].box, slots[route[-1]].box
    points = [(first.x + first.w / 2, first.y + first.h)]
    for waypoint in route[1:-1]:
        top, height = rows[slots[waypoint].depth]
        x = slots[waypoint].x + WAYPOINT_W / 2
        points += [(x, top), (x, top + height)]
    return points + [(last.x + last.w / 2, last.y)]


def _box(net: Network, node: Node) -> Box:
    title, lines, family = _describe(net, node)
    lines = [piece for line in lines for piece in textwrap.wrap(line, MAX_CHARS)][:4]
    types = [str(net.graph.types[v]).split("[", 1)[-1].rstrip("]") for v in node.outputs if v in net.graph.types]
    lines += [f"-> [{t}]" for t in types]
    width = max(len(s) for s in [title, *lines]) * CHAR_W + 2 * PAD
    return Box(title, lines, family, w=width, h=(1 + len(lines)) * LINE_H + PAD)


def _describe(net: Network, node: Node) -> tuple[str, list[str], str]:
    if node.op == "input":
        return f"{', '.join(node.outputs)} : input", [], "input"
    if node.op == "output":
        return "output", [", ".join(node.inputs)], "output"
    if node.op == "constant":
        return f"{node.outputs[0]} : constant", [repr(node.attrs.get("value"))], "constant"
    if node.op == "call_op":
        kind = registry.kind(node.target)
        return f"{node.outputs[0]} : {node.target}", [_key_attrs(kind, node.attrs)], kind.family
    module = net.modules[node.target]
    if module.kind == "network":
        return f"{module.name} : {module.attrs['network']}", ["sub-network"], "network"
    kind = registry.kind(module.kind)
    return f"{module.name} : {module.kind}", [_key_attrs(kind, module.attrs)], kind.family


def _key_attrs(kind, attrs: dict) -> str:
    """Required attributes and those that differ from the default; inferred ones are left out."""
    shown = []
    for a in kind.attrs:
        if a.name in attrs and not a.inferred and (a.default is REQUIRED or attrs[a.name] != a.default):
            shown.append(f"{a.name}={_short(attrs[a.name])}")
    return " ".join(shown)


def _short(value) -> str:
    if isinstance(value, tuple) and value and all(v == value[0] for v in value) and not isinstance(value[0], tuple):
        return repr(value[0])
    return repr(value).replace(" ", "")
