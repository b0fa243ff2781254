"""Indexing and splitting: ``x[...]``, split, chunk (several results, one per piece).

``getitem``'s canonical ``index`` has one item per indexed axis: an int (the axis goes away),
a ``(start, stop, step)`` triple with None for open ends, or ``"..."``.
"""
import math

from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling
from ...ir.types import TensorType


def slice_length(size, start, stop, step):
    if size is None:
        return None
    return len(range(*slice(start, stop, step).indices(size)))


def expand_ellipsis(index, rank):
    if "..." not in index:
        return list(index) + [(None, None, None)] * (rank - len(index))
    at = index.index("...")
    fill = [(None, None, None)] * (rank - len(index) + 1)
    return list(index[:at]) + fill + list(index[at + 1:])


def getitem_shape(attrs, inputs):
    x = inputs[0]
    index = attrs["index"] if isinstance(attrs["index"], tuple) else (attrs["index"],)
    shape, roles = [], []
    for size, role, item in zip(x.shape, x.roles, expand_ellipsis(index, x.rank)):
        if isinstance(item, int):
            continue
        shape.append(slice_length(size, *item))
        roles.append(role)
    return [TensorType(tuple(shape), tuple(roles), x.dtype)]


def getitem_expression(attrs, x):
    """``x[index]`` as Python: ints, ``start:stop:step`` slices and ``...``."""
    index = attrs["index"] if isinstance(attrs["index"], tuple) else (attrs["index"],)

    def item(value):
        if isinstance(value, tuple):
            start, stop, step = ("" if v is None else repr(v) for v in value)
            return f"{start}:{stop}" + (f":{step}" if step else "")
        return "..." if value == "..." else repr(value)
    return f"{x}[{', '.join(item(v) for v in index)}]"


def getitem_reorder(attrs, source_roles, roles):
    """Layout hook ``reorder``: the index for the same value held with its axes in ``roles`` order."""
    index = attrs["index"] if isinstance(attrs["index"], tuple) else (attrs["index"],)
    by_role = dict(zip(source_roles, expand_ellipsis(index, len(source_roles))))
    items = [by_role[r] for r in roles]
    while items and items[-1] == (None, None, None):
        items.pop()
    return {**attrs, "index": tuple(items) or ("...",)}


def piece_types(x, axis, sizes):
    return [x.with_dim(axis, s) for s in sizes]


def split_shape(attrs, inputs):
    x, axis = inputs[0], attrs["axis"]
    total, size = x.dim(axis), attrs["size"]
    if isinstance(size, tuple):
        return piece_types(x, axis, size)
    if total is None:
        raise ValueError(f"split into pieces of {size} needs a known size along {axis}")
    return piece_types(x, axis, [min(size, total - i) for i in range(0, total, size)])


def chunk_shape(attrs, inputs):
    x, axis = inputs[0], attrs["axis"]
    total = x.dim(axis)
    if total is None:
        return piece_types(x, axis, [None] * attrs["chunks"])
    step = math.ceil(total / attrs["chunks"])  # PyTorch's rule: equal pieces, the last one smaller
    return piece_types(x, axis, [min(step, total - i) for i in range(0, total, step)])


def sizes_to_indices(size):
    if not isinstance(size, tuple):
        raise Inexpressible(f"split into pieces of {size} (keras.ops.split takes a count or cut indices)")
    return [sum(size[:i]) for i in range(1, len(size))]


def as_sizes(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


register(
    Kind(
        name="getitem", family="indexing", attrs=(Attr("index", "any"),), shape=getitem_shape,
        spellings=tuple(Spelling(fw, "function", "operator.getitem",
                                 hooks={"expression": getitem_expression, "reorder": getitem_reorder})
                        for fw in ("torch", "keras")),
        is_op=True, doc="x[index]: basic indexing and slicing",
    ),
    Kind(
        name="split", family="indexing",
        attrs=(Attr("size", "ints", doc="piece size (last smaller), or a tuple of sizes"), Attr("axis", "axis", 0)),
        shape=split_shape,
        spellings=(
            Spelling("torch", "function", "torch.split",
                     (Arg("split_size_or_sections", "size", from_fw=as_sizes, always=True), Arg("dim", "axis", 0)),
                     positional=("tensor", "split_size_or_sections", "dim")),
            Spelling("torch", "method", "Tensor.split",
                     (Arg("split_size", "size", from_fw=as_sizes, always=True), Arg("dim", "axis", 0)),
                     positional=("split_size", "dim")),
            Spelling("keras", "function", "keras.ops.split",
                     (Arg("indices_or_sections", "size", to_fw=sizes_to_indices, always=True), Arg("axis", "axis", 0)),
                     positional=("x", "indices_or_sections", "axis"), read=False),
        ),
        is_op=True, doc="cut into pieces of given sizes (one result per piece)",
    ),
    Kind(
        name="chunk", family="indexing", attrs=(Attr("chunks", "int"), Attr("axis", "axis", 0)), shape=chunk_shape,
        spellings=(
            Spelling("torch", "function", "torch.chunk", (Arg("chunks", "chunks", always=True), Arg("dim", "axis", 0)),
                     positional=("input", "chunks", "dim")),
            Spelling("torch", "method", "Tensor.chunk", (Arg("chunks", "chunks", always=True), Arg("dim", "axis", 0)),
                     positional=("chunks", "dim")),
            Spelling("keras", "function", "keras.ops.split",
                     (Arg("indices_or_sections", "chunks", always=True), Arg("axis", "axis", 0)),
                     positional=("x", "indices_or_sections", "axis")),
            Spelling("keras", "function", "tensorflow.split",
                     (Arg("num_or_size_splits", "chunks", always=True), Arg("axis", "axis", 0)),
                     positional=("value", "num_or_size_splits", "axis")),
        ),
        is_op=True, doc="cut into a number of equal pieces (one result per piece)",
    ),
)
