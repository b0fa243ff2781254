"""Ops that change shape without computing: reshape, transpose, squeeze, unsqueeze, indexing, splits.

Roles follow the values: reordered axes keep theirs, new axes are anonymous ("?i"), and a
reshape keeps the batch role in front and guesses only the obvious cases (rank 2: (N, C)).
"""

from ..helpers import product
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling
from ...ir.types import TensorType


# --- reshape ---------------------------------------------------------------------------------

def target_to_fw(shape):
    """Canonical full shape (None: the batch or an unknown size) -> framework ints with one -1."""
    out = tuple(-1 if v is None else v for v in shape)
    if out.count(-1) > 1:
        raise Inexpressible(f"shape {shape} has several unknown sizes")
    return out


def reshape_shape(attrs, inputs):
    x, target = inputs[0], [None if v == -1 else v for v in attrs["shape"]]
    keeps_batch = attrs["shape"][0] is None and x.roles[0] == "N"  # x.view(x.size(0), -1)
    sizes, rest = (x.shape[1:], target[1:]) if keeps_batch else (x.shape, target)
    known = None if None in sizes else product(sizes)
    if not keeps_batch and x.roles[0] == "N" and target and target[0] is None and None not in x.shape[1:] \
            and None not in target[1:]:
        _check_same(product(x.shape[1:]), product(target[1:]), x, attrs["shape"])  # x.view(-1, 784)
    if rest.count(None) == 1 and known is not None:
        _check_divides(known, product(v for v in rest if v is not None), x, attrs["shape"])
        rest[rest.index(None)] = known // product(v for v in rest if v is not None)
    elif None not in rest and known is not None and product(rest) != known:
        raise ValueError(f"cannot reshape {x} to {tuple(attrs['shape'])}: {known} values per sample")
    target = [x.shape[0], *rest] if keeps_batch else rest
    return [TensorType(tuple(target), reshape_roles(x, target), x.dtype)]


def _check_divides(values: int, per_row: int, x, shape) -> None:
    if per_row <= 0 or values % per_row:
        raise ValueError(f"cannot reshape {x} to {tuple(shape)}: {values} values per sample")


def _check_same(values: int, per_row: int, x, shape) -> None:
    """``x.view(-1, 784)`` on a batch keeps the batch only when a sample holds 784 values."""
    if values != per_row:
        raise ValueError(f"reshaping {x} to {tuple(shape)} does not keep the batch: {values} values per "
                         f"sample, {per_row} per row")


def reshape_roles(x, target):
    if len(target) == 2 and x.roles[0] == "N":
        return ("N", "C")
    if list(x.shape[1:]) == list(target[1:]) and len(target) == x.rank:
        return x.roles
    roles = ["N" if i == 0 and x.roles[0] == "N" else f"?{i}" for i in range(len(target))]
    if x.roles[-1] == "C" and target[-1] is not None and target[-1] == x.shape[-1]:
        roles[-1] = "C"
    return tuple(roles)


def flatten_when_batch_kept(attrs):
    """``x.view(x.size(0), -1)`` is ``torch.flatten(x, 1)``: read it so, since the batch size is
    symbolic and a flatten is written in every framework and style."""
    return ("flatten", {"start": 1}) if tuple(attrs.get("shape") or ()) == (None, -1) else None


def merged_axes(attrs, input_name):
    """Hook ``read_sized``: ``x.reshape(x.size(0) * x.size(1), x.size(2))``, sizes that are the
    input's own axes in order, one run of them multiplied: those axes merged (``merge_axes``)."""
    groups = []
    for item in attrs["shape"]:
        axes = getattr(item, "axes", None) or ((item.axis,) if isinstance(getattr(item, "axis", None), int) else None)
        if axes is None or getattr(item, "tensor", None) != input_name:
            return None
        groups.append(tuple(axes))
    flat = [a for g in groups for a in g]
    runs = [g for g in groups if len(g) > 1]
    if flat != list(range(len(flat))) or len(runs) != 1:
        return None
    return "merge_axes", {"start": runs[0][0], "end": runs[0][-1], "rank": len(flat)}


def known_sizes(attrs, inputs):
    """Spelling hook ``rewrite``: frameworks take one inferred size (-1) and the batch is one
    already: ``x.reshape(x.size(0), 4, -1)`` is written with the sizes shape inference knows."""
    shape = tuple(attrs["shape"])
    if sum(v is None or v == -1 for v in shape) < 2 or not inputs or inputs[0] is None:
        return None
    out = reshape_shape(attrs, inputs)[0].shape
    filled = tuple(v if v != -1 or out[i] is None else out[i] for i, v in enumerate(shape))
    return {"attrs": {**attrs, "shape": filled}} if filled != shape else None


WRITING = {"rewrite": known_sizes}
TORCH_READING = {"read_as": flatten_when_batch_kept, "read_sized": merged_axes, **WRITING}

reshape = Kind(
    name="reshape", family="reshape",
    attrs=(Attr("shape", "shape", doc="full target shape with the batch axis; None or -1: inferred size"),),
    shape=reshape_shape,
    spellings=(
        Spelling("torch", "method", "Tensor.view", (Arg("shape", "shape", to_fw=target_to_fw, always=True),),
                 positional=("shape",), hooks=TORCH_READING),
        Spelling("torch", "method", "Tensor.reshape", (Arg("shape", "shape", to_fw=target_to_fw, always=True),),
                 positional=("shape",), hooks=TORCH_READING),
        Spelling("torch", "function", "torch.reshape", (Arg("shape", "shape", to_fw=target_to_fw, always=True),),
                 positional=("input", "shape"), hooks=TORCH_READING),
        Spelling("keras", "layer", "keras.layers.Reshape",
                 (Arg("target_shape", "shape", to_fw=lambda s: target_to_fw(s)[1:], from_fw=lambda s: (None, *s),
                      always=True),), positional=("target_shape",), hooks=WRITING),
        Spelling("keras", "function", "keras.ops.reshape", (Arg("newshape", "shape", to_fw=target_to_fw, always=True),),
                 positional=("x", "newshape"), hooks=WRITING),
        Spelling("keras", "function", "tensorflow.reshape", (Arg("shape", "shape", to_fw=target_to_fw, always=True),),
                 positional=("tensor", "shape"), hooks=WRITING),
    ),
    is_op=True, doc="same values, new shape (row-major order)",
)


# --- transpose, squeeze, unsqueeze -----------------------------------------------------------

def swap_shape(attrs, inputs):
    x = inputs[0]
    perm = list(range(x.rank))
    a, b = x.axis(attrs["axis0"]), x.axis(attrs["axis1"])
    perm[a], perm[b] = perm[b], perm[a]
    return [x.permuted(tuple(perm))]


def permute_as_swap(kind, attrs, inputs):
    """Specialise hook: a permute that swaps two axes is a transpose (x.permute(0, 2, 1) and
    x.transpose(1, 2) read as one pivot model; the layout passes write the first)."""
    x = inputs[0]
    if kind != "permute" or not all(isinstance(d, str) for d in attrs["dims"]):
        return None
    moved = [i for i, (was, now) in enumerate(zip(x.roles, attrs["dims"])) if was != now]
    if len(moved) != 2 or attrs["dims"][moved[0]] != x.roles[moved[1]]:
        return None
    return {"axis0": x.roles[moved[0]], "axis1": x.roles[moved[1]]}


def squeeze_shape(attrs, inputs):
    x = inputs[0]
    gone = {x.axis(attrs["axis"])} if attrs["axis"] is not None else {i for i, s in enumerate(x.shape) if s == 1}
    keep = [i for i in range(x.rank) if i not in gone or x.shape[i] not in (1, None)]
    return [TensorType(tuple(x.shape[i] for i in keep), tuple(x.roles[i] for i in keep), x.dtype)]


def unsqueeze_shape(attrs, inputs):
    x = inputs[0]
    at = attrs["axis"] % (x.rank + 1)
    role = next(f"?{i}" for i in range(x.rank + 2) if f"?{i}" not in x.roles)
    return [TensorType(x.shape[:at] + (1,) + x.shape[at:], x.roles[:at] + (role,) + x.roles[at:], x.dtype)]


def pair(a0, a1):
    return (Arg(a0, "axis0", always=True), Arg(a1, "axis1", always=True))


transpose = Kind(
    name="transpose", family="reshape", attrs=(Attr("axis0", "axis"), Attr("axis1", "axis")), shape=swap_shape,
    spellings=(
        Spelling("torch", "function", "torch.transpose", pair("dim0", "dim1"), positional=("input", "dim0", "dim1")),
        Spelling("torch", "method", "Tensor.transpose", pair("dim0", "dim1"), positional=("dim0", "dim1"),
                 hooks={"specialise": permute_as_swap}),
        Spelling("torch", "function", "torch.swapaxes", pair("axis0", "axis1"), positional=("input", "axis0", "axis1")),
        Spelling("keras", "function", "keras.ops.swapaxes", pair("axis1", "axis2"), positional=("x", "axis1", "axis2")),
    ),
    is_op=True, doc="swap two axes",
)

squeeze = Kind(
    name="squeeze", family="reshape", attrs=(Attr("axis", "axis", None, doc="None: every size-1 axis"),),
    shape=squeeze_shape,
    spellings=(
        Spelling("torch", "function", "torch.squeeze", (Arg("dim", "axis"),), positional=("input", "dim")),
        Spelling("torch", "method", "Tensor.squeeze", (Arg("dim", "axis", None),), positional=("dim",)),
        Spelling("keras", "function", "keras.ops.squeeze", (Arg("axis", "axis", None),), positional=("x", "axis")),
        Spelling("keras", "function", "tensorflow.squeeze", (Arg("axis", "axis", None),), positional=("input", "axis")),
    ),
    is_op=True, doc="drop size-1 axes",
)

unsqueeze = Kind(
    name="unsqueeze", family="reshape",
    attrs=(Attr("axis", "int", doc="position of the new axis in the result (a new axis has no role)"),),
    shape=unsqueeze_shape,
    spellings=(
        Spelling("torch", "function", "torch.unsqueeze", (Arg("dim", "axis", always=True),), positional=("input", "dim")),
        Spelling("torch", "method", "Tensor.unsqueeze", (Arg("dim", "axis", always=True),), positional=("dim",)),
        Spelling("keras", "function", "keras.ops.expand_dims", (Arg("axis", "axis", always=True),),
                 positional=("x", "axis")),
        Spelling("keras", "function", "tensorflow.expand_dims", (Arg("axis", "axis", always=True),),
                 positional=("input", "axis")),
    ),
    is_op=True, doc="insert a size-1 axis",
)

register(reshape, transpose, squeeze, unsqueeze)


def expand_as_shape(attrs, inputs):
    x, other = inputs
    return [TensorType(other.shape, other.roles, x.dtype)]


expand_as = Kind(
    name="expand_as", family="reshape", attrs=(), shape=expand_as_shape,
    spellings=(
        Spelling("torch", "method", "Tensor.expand_as", positional=("other",),
                 hooks={"expression": lambda attrs, x, other: f"{x}.expand_as({other})"}),  # a tensor argument
        # Keras broadcasts by arithmetic: the batch size of ``other`` is symbolic in functional models;
        # zeros of x's dtype, as expand_as keeps it (int32 positions over int64 ids fail on TensorFlow)
        Spelling("keras", "function", "keras.ops.zeros_like", read=False,
                 hooks={"expression": lambda attrs, x, other: f"{x} + keras.ops.zeros_like({other}, dtype={x}.dtype)"}),
    ),
    is_op=True, doc="repeat size-1 axes to the shape of another tensor",
)

register(expand_as)
