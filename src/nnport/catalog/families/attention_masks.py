"""Attention masks: nn.Transformer.generate_square_subsequent_mask and the test Keras reads a
float mask with.

PyTorch's float masks are added to the attention scores (0: attend, -inf: left out); Keras's
MultiHeadAttention takes a boolean mask (True: attend), so a float mask is written as
``keras.ops.isfinite(mask)``: the same for masks of 0 and -inf (the causal mask made here).
``generate_square_subsequent_mask(x.size(1))`` reads the size of an axis of ``x``: the op takes
``x`` as its input and the axis as an attribute.
"""
from dataclasses import replace

from ...ir.types import TensorType
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling


def mask_shape(attrs, inputs):
    side = inputs[0].shape[attrs["axis"]] if inputs else attrs["size"]
    return [TensorType((side, side), ("T", "?2"), "float32")]


def read_sized(attrs, _input_name):
    """Hook ``read_sized``: the side given as ``x.size(i)``: the op reads x's axis i."""
    dim = attrs["size"]
    return "square_subsequent_mask", {"size": None, "axis": dim.axis}, dim.tensor


def _side(attrs, args, shape_of):
    return shape_of(args[0], attrs["axis"]) if args else str(attrs["size"])


def keras_mask(attrs, *args):
    side = _side(attrs, args, lambda x, axis: f"keras.ops.shape({x})[{axis}]")
    return f'keras.ops.triu(keras.ops.full(({side}, {side}), float("-inf")), 1)'


def torch_mask(attrs, *args):
    side = _side(attrs, args, lambda x, axis: f"{x}.size({axis})")
    return f"torch.nn.Transformer.generate_square_subsequent_mask({side})"


def finite_shape(attrs, inputs):
    return [replace(inputs[0], dtype="bool")]


register(
    Kind(name="square_subsequent_mask", family="attention", is_op=True, sizes_only=True,
         attrs=(Attr("size", "int", None, doc="the side when the source writes a number"),
                Attr("axis", "int", None, doc="else the axis of the input whose length is the side")),
         shape=mask_shape,
         spellings=(
             Spelling("torch", "function", "torch.nn.Transformer.generate_square_subsequent_mask",
                      (Arg("sz", "size"), Arg("device", None, None), Arg("dtype", None, None)),
                      positional=("sz", "device", "dtype"),
                      hooks={"read_sized": read_sized, "read_sized_batch": True, "expression": torch_mask}),
             Spelling("keras", "function", "keras.ops.triu", read=False, hooks={"expression": keras_mask}),
         ),
         doc="a causal mask (sz, sz): 0 on and below the diagonal, -inf above"),
    Kind(name="isfinite", family="attention", is_op=True, attrs=(), shape=finite_shape,
         spellings=(Spelling("torch", "function", "torch.isfinite", positional=("input",)),
                    Spelling("torch", "method", "Tensor.isfinite"),
                    Spelling("keras", "function", "keras.ops.isfinite", positional=("x",))),
         doc="elementwise: not infinite and not NaN (a float attention mask's attended places)"),
)
