"""The support matrix shown to users, generated from the catalog (never written by hand)."""
from __future__ import annotations

from .registry import kinds
from .schema import Kind


def _names(kind: Kind, framework: str) -> list[str]:
    return [s.name for s in kind.spellings if s.framework == framework]


def rows() -> list[dict]:
    return [
        {
            "kind": k.name,
            "family": k.family,
            "type": "op" if k.is_op else "layer",
            "attributes": [a.name for a in k.attrs],
            "torch": _names(k, "torch"),
            "keras": _names(k, "keras"),
            "shape_rule": k.shape is not None,
            "weights": k.weights is not None,
        }
        for k in kinds()
    ]


def markdown() -> str:
    lines = ["| kind | family | type | PyTorch | Keras 3 |", "|---|---|---|---|---|"]
    for r in rows():
        lines.append(f"| {r['kind']} | {r['family']} | {r['type']} | {', '.join(r['torch'])} | {', '.join(r['keras'])} |")
    layers = sum(r["type"] == "layer" for r in rows())
    lines.append(f"\n{layers} layer kinds, {len(rows()) - layers} tensor ops")
    return "\n".join(lines) + "\n"
