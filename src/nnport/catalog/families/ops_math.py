"""Elementwise math ops of one tensor, clipping, and reductions."""
from dataclasses import replace

from ..helpers import drop_roles, same
from ..registry import register
from ..schema import ABSENT, Arg, Attr, Inexpressible, Kind, Spelling
from ...ir.types import TensorType

# name, torch function, keras.ops name, tensorflow name, tensorflow first argument
UNARY = [
    ("exp", "exp", "exp", "math.exp", "x"), ("log", "log", "log", "math.log", "x"),
    ("sqrt", "sqrt", "sqrt", "math.sqrt", "x"), ("abs", "abs", "abs", "math.abs", "x"),
    ("neg", "neg", "negative", "math.negative", "x"), ("square", "square", "square", "math.square", "x"),
    ("rsqrt", "rsqrt", "rsqrt", "math.rsqrt", "x"), ("logical_not", "logical_not", "logical_not", "math.logical_not", "x"),
]


def unary(name, torch_fn, keras_fn, tf_fn, tf_first):
    spellings = [Spelling("torch", "function", f"torch.{torch_fn}", positional=("input",)),
                 Spelling("torch", "method", f"Tensor.{torch_fn}"),
                 Spelling("keras", "function", f"keras.ops.{keras_fn}", positional=("x",)),
                 Spelling("keras", "function", f"tensorflow.{tf_fn}", positional=(tf_first,))]
    if name == "neg":
        spellings[2:2] = [Spelling("torch", "function", "operator.neg")]
        spellings.append(Spelling("keras", "function", "operator.neg"))
    return Kind(name=name, family="math", attrs=(), shape=same, spellings=tuple(spellings), is_op=True,
                doc=f"elementwise {name}")


def clip_args(low, high):
    return (Arg(low, "min", None, always=True), Arg(high, "max", None, always=True))


clip = Kind(
    name="clip", family="math", attrs=(Attr("min", "float", None), Attr("max", "float", None)), shape=same,
    spellings=(
        Spelling("torch", "function", "torch.clamp", clip_args("min", "max"), positional=("input", "min", "max")),
        Spelling("torch", "function", "torch.clip", clip_args("min", "max"), positional=("input", "min", "max")),
        Spelling("torch", "method", "Tensor.clamp", clip_args("min", "max"), positional=("min", "max")),
        Spelling("torch", "method", "Tensor.clip", clip_args("min", "max"), positional=("min", "max")),
        Spelling("keras", "function", "keras.ops.clip",
                 (Arg("x_min", "min", always=True), Arg("x_max", "max", always=True)), positional=("x", "x_min", "x_max")),
        Spelling("keras", "function", "tensorflow.clip_by_value",
                 (Arg("clip_value_min", "min", always=True), Arg("clip_value_max", "max", always=True)),
                 positional=("t", "clip_value_min", "clip_value_max")),
    ),
    is_op=True, doc="limit values to [min, max]",
)


def as_axes(value):
    return None if value is None else (value,) if isinstance(value, (int, str)) else tuple(value)


def compact_axes(value):
    return value[0] if len(value) == 1 else tuple(value)


def reduce_shape(attrs, inputs):
    x = inputs[0]
    axes = attrs["axes"] if attrs["axes"] is not None else x.roles
    if attrs["keepdims"]:
        out = x
        for role in axes:
            out = out.with_dim(role, 1)
        return [out]
    return [drop_roles(x, axes)]


def values_and_indices(name, index_kind):
    """``torch.max(x, dim)`` returns (values, indices): two results the frontend makes on demand,
    a ``name`` reduction and an ``index_kind`` (argmax) op; without ``dim``, one plain reduction."""
    def fields(attrs):
        if attrs["axes"] is None:
            return None
        index_attrs = {"axis": attrs["axes"][0], "keepdims": attrs["keepdims"]}
        return (("values", name, dict(attrs)), ("indices", index_kind, index_attrs))
    return fields


def indexed_spellings(name, torch_fn, index_kind, torch_args):
    """torch.max / Tensor.max: read only (written as torch.amax), one axis, values and indices."""
    hooks = {"fields": values_and_indices(name, index_kind)}
    return (Spelling("torch", "function", f"torch.{torch_fn}", torch_args(ABSENT),
                     positional=("input", "dim", "keepdim"), hooks=hooks),
            Spelling("torch", "method", f"Tensor.{torch_fn}", torch_args(None), positional=("dim", "keepdim"),
                     hooks=hooks))


def reduction(name, torch_fn, keras_fn, tf_fn, torch_dim_default, indexed=None):
    """``torch_dim_default``: torch.mean(x) has no dim (an overload without it); torch.amax's is None.
    ``indexed``: (torch name, index kind) of the reduction that also returns indices (torch.max)."""
    def torch_args(dim_default):
        return (Arg("dim", "axes", dim_default, compact_axes, as_axes), Arg("keepdim", "keepdims", False))
    keras_args = (Arg("axis", "axes", None, compact_axes, as_axes), Arg("keepdims", "keepdims", False))
    return Kind(
        name=name, family="reduction",
        attrs=(Attr("axes", "axes", None, doc="reduced axes; None: all"), Attr("keepdims", "bool", False)),
        shape=reduce_shape,
        spellings=(
            Spelling("torch", "function", f"torch.{torch_fn}", torch_args(torch_dim_default),
                     positional=("input", "dim", "keepdim")),
            Spelling("torch", "method", f"Tensor.{torch_fn}", torch_args(None), positional=("dim", "keepdim")),
            *(indexed_spellings(name, indexed[0], indexed[1], torch_args) if indexed else ()),
            Spelling("keras", "function", f"keras.ops.{keras_fn}", keras_args, positional=("x", "axis", "keepdims")),
            Spelling("keras", "function", f"tensorflow.{tf_fn}", keras_args,
                     positional=("input_tensor", "axis", "keepdims")),
            Spelling("keras", "function", f"tensorflow.math.{tf_fn}", keras_args,
                     positional=("input_tensor", "axis", "keepdims")),
        ),
        is_op=True, doc=f"{name} over axes",
    )


def index_shape(attrs, inputs):
    x = inputs[0]
    if attrs["axis"] is None:  # the position in the flattened tensor
        return [replace(x, shape=(1,) * x.rank, dtype="int64") if attrs["keepdims"] else TensorType((), (), "int64")]
    reduced = reduce_shape({"axes": (attrs["axis"],), "keepdims": attrs["keepdims"]}, inputs)[0]
    return [replace(reduced, dtype="int64")]


def arg_reduction(name, fn, dim_default):
    """argmax / argmin: the first position of the extreme value along one axis.
    ``dim_default``: torch.argmax(x) is an overload without dim; torch.argmin's dim is None."""
    def torch_args(dim_default):
        return (Arg("dim", "axis", dim_default), Arg("keepdim", "keepdims", False))
    keras_args = (Arg("axis", "axis", None), Arg("keepdims", "keepdims", False))
    return Kind(
        name=name, family="reduction",
        attrs=(Attr("axis", "axis", None, doc="None: over the flattened tensor"), Attr("keepdims", "bool", False)),
        shape=index_shape,
        spellings=(
            Spelling("torch", "function", f"torch.{fn}", torch_args(dim_default), positional=("input", "dim", "keepdim")),
            Spelling("torch", "method", f"Tensor.{fn}", torch_args(None), positional=("dim", "keepdim")),
            Spelling("keras", "function", f"keras.ops.{fn}", keras_args, positional=("x", "axis", "keepdims")),
        ),
        is_op=True, doc=f"int64 index of the {fn[3:]} along an axis",
    )


register(
    *(unary(*row) for row in UNARY), clip,
    reduction("mean", "mean", "mean", "reduce_mean", ABSENT),
    reduction("sum", "sum", "sum", "reduce_sum", ABSENT),
    reduction("max", "amax", "max", "reduce_max", None, indexed=("max", "argmax")),
    reduction("min", "amin", "min", "reduce_min", None, indexed=("min", "argmin")),
    arg_reduction("argmax", "argmax", ABSENT), arg_reduction("argmin", "argmin", None),
)


def p_to_order(value):
    if float(value) != int(value):
        raise Inexpressible(f"keras.ops.normalize takes an integer order, not p={value}")
    return int(value)


normalize = Kind(
    name="normalize", family="math",
    attrs=(Attr("p", "float", 2.0, doc="norm order"), Attr("axis", "axis", 1), Attr("eps", "float", 1e-12)),
    shape=same,
    spellings=(
        Spelling("torch", "function", "torch.nn.functional.normalize",
                 (Arg("p", "p", 2.0), Arg("dim", "axis", 1, always=True), Arg("eps", "eps", 1e-12, always=True)),
                 positional=("input", "p", "dim", "eps")),
        Spelling("keras", "function", "keras.ops.normalize",
                 (Arg("axis", "axis", -1, always=True), Arg("order", "p", 2, p_to_order, float),
                  Arg("epsilon", "eps", None, from_fw=lambda v: 1e-7 if v is None else v, always=True)),
                 positional=("x", "axis", "order", "epsilon")),
    ),
    is_op=True, doc="x / max(norm_p(x) along axis, eps)",
)

register(normalize)
