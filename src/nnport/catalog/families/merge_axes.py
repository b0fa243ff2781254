"""Merging neighbouring axes, the batch among them: ``out.reshape(out.size(0) * out.size(1),
out.size(2))`` on an RNN's (N, T, H) output gives (N * T, H), one row per time step.

PyTorch reads it from a reshape whose sizes are the input's own axes in order (hook
``read_sized`` of reshape) and writes ``torch.flatten(x, start, end)``; Keras writes a reshape
with the sizes shape inference knows (the merged run holding the batch is the one -1).
Feature maps are refused: their axis order differs between the layouts.
"""
from ...ir.types import TensorType
from ..helpers import product
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling


def merged_shape(attrs, inputs):
    x, start, end = inputs[0], attrs["start"], attrs["end"]
    if x.rank != attrs["rank"]:
        raise ValueError(f"its sizes name {attrs['rank']} axes; its input {x} has {x.rank}")
    if set(x.roles) & {"D", "H", "W"}:
        raise ValueError(f"merging axes of feature maps {x} depends on the layout; reshape them after a permute "
                         "or flatten from axis 1")
    run = x.shape[start:end + 1]
    size = None if None in run else product(run)
    role = x.roles[0] if start == 0 else f"?{start}"
    shape = (*x.shape[:start], size, *x.shape[end + 1:])
    return [TensorType(shape, (*x.roles[:start], role, *x.roles[end + 1:]), x.dtype)]


def input_sizes(attrs, inputs):
    """Hook ``infer``: the input's sizes, which the Keras reshape states."""
    return {"sizes": tuple(inputs[0].shape)}


def keras_reshape(attrs, x):
    sizes, start, end = attrs.get("sizes"), attrs["start"], attrs["end"]
    if sizes is None:
        raise Inexpressible("the Keras reshape states the other sizes, and no input type gave them")
    run = sizes[start:end + 1]
    target = [*sizes[:start], None if None in run else product(run), *sizes[end + 1:]]
    target[0] = -1  # the batch, or the run holding it
    if any(v is None for v in target):
        raise Inexpressible(f"the Keras reshape needs every size but the batch; known: {tuple(sizes)}")
    return f"keras.ops.reshape({x}, {tuple(target)!r})"


register(Kind(
    name="merge_axes", family="reshape", is_op=False, shape=merged_shape, infer=input_sizes,
    attrs=(Attr("start", "int"), Attr("end", "int"), Attr("rank", "int", neutral=True, doc="the input's rank"),
           Attr("sizes", "any", None, inferred=True, neutral=True, doc="the input's sizes")),
    spellings=(
        Spelling("torch", "function", "torch.flatten", (Arg("start_dim", "start", 0, always=True),
                                                        Arg("end_dim", "end", -1, always=True)),
                 positional=("input", "start_dim", "end_dim"), read=False),
        Spelling("keras", "function", "keras.ops.reshape", read=False, hooks={"expression": keras_reshape}),
    ),
    doc="merge the axes start..end into one (the batch with the next: one row per time step)",
))
