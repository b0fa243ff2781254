"""Ops that only rearrange values: flatten, reshape, permute."""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling
from ...ir.types import TensorType


def _flatten_shape(attrs, inputs):
    x = inputs[0]
    start = x.axis(attrs["start"])
    tail = x.shape[start:]
    size = None if None in tail else _product(tail)
    roles = x.roles[:start] + ("C",) if "C" not in x.roles[:start] else x.roles[:start] + ("?f",)
    return [TensorType(x.shape[:start] + (size,), roles, x.dtype)]


def _product(values):
    out = 1
    for v in values:
        out *= v
    return out


register(Kind(
    name="flatten",
    family="reshape",
    attrs=(Attr("start", "axis", 1, doc="first axis flattened (through the last)"),),
    shape=_flatten_shape,
    spellings=(
        Spelling("torch", "layer", "torch.nn.Flatten", (Arg("start_dim", "start", 1),), positional=("start_dim",)),
        Spelling("torch", "function", "torch.flatten", (Arg("start_dim", "start", 0),),
                 positional=("input", "start_dim")),
        Spelling("torch", "method", "Tensor.flatten", (Arg("start_dim", "start", 0),), positional=("start_dim",)),
        Spelling("keras", "layer", "keras.layers.Flatten"),
    ),
    doc="collapse the axes from ``start`` on into one, in the source's axis order",
))
