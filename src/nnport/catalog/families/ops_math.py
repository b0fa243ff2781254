"""Elementwise math ops of one tensor, clipping, and reductions."""
from ..helpers import drop_roles, same
from ..registry import register
from ..schema import ABSENT, Arg, Attr, Kind, Spelling

# name, torch function, keras.ops name, tensorflow name, tensorflow first argument
UNARY = [
    ("exp", "exp", "exp", "math.exp", "x"), ("log", "log", "log", "math.log", "x"),
    ("sqrt", "sqrt", "sqrt", "math.sqrt", "x"), ("abs", "abs", "abs", "math.abs", "x"),
    ("neg", "neg", "negative", "math.negative", "x"), ("square", "square", "square", "math.square", "x"),
    ("rsqrt", "rsqrt", "rsqrt", "math.rsqrt", "x"),
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


def reduction(name, torch_fn, keras_fn, tf_fn, torch_dim_default):
    """``torch_dim_default``: torch.mean(x) has no dim (an overload without it); torch.amax's is None."""
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
            Spelling("keras", "function", f"keras.ops.{keras_fn}", keras_args, positional=("x", "axis", "keepdims")),
            Spelling("keras", "function", f"tensorflow.{tf_fn}", keras_args,
                     positional=("input_tensor", "axis", "keepdims")),
            Spelling("keras", "function", f"tensorflow.math.{tf_fn}", keras_args,
                     positional=("input_tensor", "axis", "keepdims")),
        ),
        is_op=True, doc=f"{name} over axes",
    )


register(
    *(unary(*row) for row in UNARY), clip,
    reduction("mean", "mean", "mean", "reduce_mean", ABSENT),
    reduction("sum", "sum", "sum", "reduce_sum", ABSENT),
    reduction("max", "amax", "max", "reduce_max", None),
    reduction("min", "amin", "min", "reduce_min", None),
)
