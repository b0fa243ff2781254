"""Lists of layers the source loops over stay lists, and the loop stays a loop.

The source's ``nn.ModuleList`` (``self.blocks = nn.ModuleList([Block(dim) for _ in range(depth)])``
with ``for block in self.blocks: x = block(x)``, or ``for layer, norm in zip(self.layers,
self.norms)``) reaches the pivot model as modules ``blocks.0``, ``blocks.1`` ... Written, forward
first holds one run of statements per item. When those runs read the same but for the item
(``x = self.layers_1(x)`` / ``x = self.norms_1(x)`` / ``x = keras.activations.silu(x)``), running
the first run's text once per item computes exactly what the unrolled code does: the class gets
its lists back (a Python list in Keras, which tracks the layers it holds; ``nn.ModuleList`` in
PyTorch) and forward the loop. Anything else stays unrolled.
"""
from __future__ import annotations

import re
from collections import defaultdict

from ..ir.graph import Network

_ITEM = re.compile(r"^(?P<prefix>[A-Za-z_]\w*)\.(?P<index>\d+)$")


def keep_loops(net: Network, code, target: str, reserved: frozenset[str]) -> None:
    """Rewrite ``code`` (layers, body, paths) in place for each group of lists looped over;
    ``reserved``: attributes the base class owns (a Keras model's ``layers``)."""
    lists = _lists(net, code, reserved)
    by_length: dict[int, list[str]] = defaultdict(list)
    for prefix, attrs in lists.items():
        by_length[len(attrs)].append(prefix)
    for prefixes in by_length.values():
        for group in [prefixes] + [[p] for p in prefixes] if len(prefixes) > 1 else [prefixes]:
            if all(p in lists for p in group) and _rewrite(code, {p: lists[p] for p in group}, target):
                for p in group:
                    lists.pop(p)
                break


def _lists(net: Network, code, reserved: frozenset[str]) -> dict[str, list[str]]:
    """Attribute -> the attributes of its items ``prefix.0`` ... ``prefix.n-1`` (n >= 2, none
    missing); the attribute is the prefix, or ``prefix_list`` where the base class owns the name."""
    found: dict[str, dict[int, str]] = defaultdict(dict)
    for name in net.modules:
        match = _ITEM.match(name)
        if match and name in code.paths:
            found[match["prefix"]][int(match["index"])] = code.paths[name]
    taken = {a for a, _ in code.layers}
    named = {(f"{prefix}_list" if prefix in reserved else prefix): items for prefix, items in sorted(found.items())}
    return {name: [items[i] for i in range(len(items))] for name, items in named.items()
            if len(items) >= 2 and set(items) == set(range(len(items))) and name not in taken}


def _rewrite(code, lists: dict[str, list[str]], target: str) -> bool:
    found = _loop_region(code.body, lists)
    if found is None:
        return False
    start, period, template = found
    count = len(next(iter(lists.values())))
    names = _loop_variables(list(lists), code)
    header = f"for {', '.join(names.values())} in " + (
        f"self.{next(iter(lists))}:" if len(lists) == 1 else f"zip({', '.join(f'self.{p}' for p in lists)}):")
    body = [f"    {line.format(**{f'item_{i}': n for i, n in enumerate(names.values())})}" for line in template]
    code.body[start:start + period * count] = [header, *body]
    ctors = dict(code.layers)
    for prefix, attrs in lists.items():
        items = [ctors[a] for a in attrs]
        listed = f"[{items[0]} for _ in range({count})]" if len(set(items)) == 1 else f"[{', '.join(items)}]"
        at = next(i for i, (a, _) in enumerate(code.layers) if a == attrs[0])
        code.layers = [entry for entry in code.layers if entry[0] not in attrs]
        code.layers.insert(at, (prefix, f"nn.ModuleList({listed})" if target == "torch" else listed))
        for index, attr in enumerate(attrs):
            module = next(m for m, a in code.paths.items() if a == attr)
            code.paths[module] = f"{prefix}.{index}" if target == "torch" else f"{prefix}_{index}"
    return True


def _loop_region(body: list[str], lists: dict[str, list[str]]):
    """(first line, lines per item, the first item's lines with its layers as ``{item_k}``) when
    the lines naming the lists' items are one run per item, alike but for the item; else None."""
    count = len(next(iter(lists.values())))
    mention = [re.compile(rf"\bself\.{re.escape(a)}\b") for attrs in lists.values() for a in attrs]
    second = [re.compile(rf"\bself\.{re.escape(attrs[1])}\b") for attrs in lists.values()]
    lines = [i for i, line in enumerate(body) if any(m.search(line) for m in mention)]
    if not lines:
        return None
    start = lines[0]
    period = next((i for i in lines if any(m.search(body[i]) for m in second)), start) - start
    if period <= 0 or start + period * count > len(body) or lines[-1] >= start + period * count:
        return None
    runs = []
    for index in range(count):
        run = "\n".join(body[start + index * period:start + (index + 1) * period]).replace("{", "{{").replace("}", "}}")
        for k, attrs in enumerate(lists.values()):
            run = re.sub(rf"\bself\.{re.escape(attrs[index])}\b", f"{{item_{k}}}", run)
        runs.append(run)
    template = runs[0]
    if any(run != template for run in runs) or any(m.search(template) for m in mention):
        return None
    if any(f"{{item_{k}}}" not in template for k in range(len(lists))):
        return None
    return start, period, template.split("\n")


def _loop_variables(prefixes: list[str], code) -> dict[str, str]:
    """``blocks`` -> ``block``: names no line of the class uses yet."""
    text = "\n".join(code.body + [c for _, c in code.layers] + code.params)
    chosen: dict[str, str] = {}
    for prefix in prefixes:
        base = prefix.removesuffix("_list")
        wanted = base[:-1] if base.endswith("s") and len(base) > 1 else f"{base}_item"
        for name in (wanted, f"{wanted}_item", f"{prefix}_layer"):
            if not re.search(rf"\b{name}\b", text) and name not in chosen.values():
                chosen[prefix] = name
                break
        else:
            chosen[prefix] = f"{prefix}_{len(chosen)}"
    return chosen
