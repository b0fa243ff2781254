"""Keras ``RepeatVector(n)``: (N, C) -> (N, n, C), the same vector at every time step (the
encoder-decoder pattern of sequence-to-sequence examples). PyTorch has no layer for it: the
migrated forward expands a new time axis (a view, as Keras's repeat is for the forward pass)."""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling
from ...ir.types import BATCH, CHANNEL, TIME, TensorType


def repeated_shape(attrs, inputs):
    x = inputs[0]
    if x.rank != 2:
        raise ValueError(f"it repeats (batch, features) vectors; its input {x} has rank {x.rank}")
    return [TensorType((x.shape[0], attrs["n"], x.shape[1]), (BATCH, TIME, CHANNEL), x.dtype)]


def torch_expression(attrs, x):
    return f"{x}.unsqueeze(1).expand(-1, {attrs['n']!r}, -1)"


register(Kind(
    name="repeat_vector", family="reshape", shape=repeated_shape,
    attrs=(Attr("n", "int", doc="how many time steps"),),
    spellings=(
        Spelling("keras", "layer", "keras.layers.RepeatVector", (Arg("n", "n", always=True),), positional=("n",)),
        Spelling("torch", "function", "torch.Tensor.expand", read=False, hooks={"expression": torch_expression}),
    ),
    doc="repeat a (batch, features) vector n times along a new time axis",
))
