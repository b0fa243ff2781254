"""Preprocessing layers kept inside the network: Rescaling.

PyTorch has no such layer: its spelling is an expression written inline (hook ``expression``).
"""
from ..helpers import same
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling


def rescale_expression(attrs, x):
    text = f"{x} * {attrs['scale']!r}"
    return f"{text} + {attrs['offset']!r}" if attrs.get("offset") else text


register(Kind(
    name="rescaling", family="preprocessing",
    attrs=(Attr("scale", "float"), Attr("offset", "float", 0.0)),
    shape=same,
    spellings=(
        Spelling("keras", "layer", "keras.layers.Rescaling",
                 (Arg("scale", "scale", always=True), Arg("offset", "offset", 0.0)), positional=("scale", "offset")),
        Spelling("torch", "function", "operator.mul", read=False, hooks={"expression": rescale_expression}),
    ),
    doc="x * scale + offset",
))
