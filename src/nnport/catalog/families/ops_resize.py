"""Functional padding and resizing: F.pad <-> keras.ops.pad, F.interpolate <-> keras.ops.image.resize.

``pads`` are (before, after) pairs for the trailing axes, outer axis first (F.pad pads the last
axes; keras.ops.pad needs every axis: the hook ``rewrite`` adds (0, 0) in front by input rank).
"""
from ..helpers import spatial_sizes, torch_pad_from
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling
from ...ir.types import TensorType
from .upsampling import ALIGN_CORNERS, factors, upsample_shape


def pad_op_shape(attrs, inputs):
    x, pads = inputs[0], attrs["pads"]
    lead = x.rank - len(pads)
    shape = list(x.shape)
    for i, (before, after) in enumerate(pads):
        if shape[lead + i] is not None:
            shape[lead + i] += before + after
    return [TensorType(tuple(shape), x.roles, x.dtype)]


def torch_flat(pads):
    return tuple(p for pair in reversed(pads) for p in pair)


def all_axes(attrs, inputs):
    if not inputs or inputs[0] is None or len(attrs["pads"]) == inputs[0].rank:
        return None
    return {"attrs": {**attrs, "pads": ((0, 0),) * (inputs[0].rank - len(attrs["pads"])) + tuple(attrs["pads"])}}


def pads_reorder(attrs, source_roles, roles):
    """Layout hook ``reorder``: per-axis pads for the value held in ``roles`` order (every axis)."""
    pads = ((0, 0),) * (len(source_roles) - len(attrs["pads"])) + tuple(attrs["pads"])
    by_role = dict(zip(source_roles, pads))
    return {**attrs, "pads": tuple(by_role[r] for r in roles)}


def size_from_scale(attrs, inputs):
    """Keras ``rewrite`` hook: keras.ops.image.resize takes an output size; PyTorch's scale
    factor gives floor(size * factor) per spatial axis when the input sizes are known. Sizes the
    source leaves open: integer factors are Keras's UpSampling layer (nearest, or bilinear in 2-D)."""
    if attrs.get("size") is not None or attrs.get("scale_factor") is None or not inputs or inputs[0] is None:
        return None
    sizes = spatial_sizes(inputs[0])
    scale = factors(attrs["scale_factor"], len(sizes))
    if None not in sizes:
        return {"attrs": {**attrs, "scale_factor": None, "size": tuple(int(s * f) for s, f in zip(sizes, scale))}}
    upsamples = attrs.get("mode") == "nearest" or (attrs.get("mode") == "bilinear" and len(sizes) == 2)
    if upsamples and not attrs.get("align_corners") and all(float(f) == int(f) for f in scale) \
            and len(sizes) in (1, 2, 3):
        return {"kind": f"upsample{len(sizes)}d", "attrs": {**attrs, "scale_factor": tuple(int(f) for f in scale)}}
    return None


MODES = {"reflect": "REFLECT", "constant": "CONSTANT", "replicate": "SYMMETRIC"}


def required_size(size):
    if size is None:
        raise Inexpressible("keras.ops.image.resize needs the output size, not a scale factor")
    return tuple(size)


register(
    Kind(
        name="pad", family="padding",
        attrs=(Attr("pads", "padding", doc="(before, after) per trailing axis, outer axis first"),
               Attr("mode", "str", "constant"), Attr("value", "float", 0.0)),
        shape=pad_op_shape,
        spellings=(
            Spelling("torch", "function", "torch.nn.functional.pad",
                     (Arg("pad", "pads", to_fw=torch_flat, from_fw=torch_pad_from(None), always=True),
                      Arg("mode", "mode", "constant"), Arg("value", "value", None)),
                     positional=("input", "pad", "mode", "value"), hooks={"reorder": pads_reorder}),
            Spelling("keras", "function", "keras.ops.pad",
                     (Arg("pad_width", "pads", to_fw=lambda p: tuple(tuple(x) for x in p),
                          from_fw=lambda w: tuple(tuple(x) for x in w), always=True),
                      Arg("mode", "mode", "constant"), Arg("constant_values", "value", None)),
                     positional=("x", "pad_width", "mode", "constant_values"),
                     hooks={"rewrite": all_axes, "reorder": pads_reorder}),
            Spelling("keras", "function", "tensorflow.pad",
                     (Arg("paddings", "pads", from_fw=lambda w: tuple(tuple(x) for x in w), always=True),
                      Arg("mode", "mode", "CONSTANT", to_fw=lambda m: MODES[m], from_fw=lambda m: m.lower()),
                      Arg("constant_values", "value", 0)),
                     positional=("tensor", "paddings", "mode", "constant_values")),
        ),
        is_op=True, doc="pad trailing axes",
    ),
    Kind(
        name="interpolate", family="upsampling",
        attrs=(Attr("size", "ints", None), Attr("scale_factor", "floats", None), Attr("mode", "str", "nearest"),
               Attr("align_corners", "bool", None)),
        shape=upsample_shape,
        spellings=(
            Spelling("torch", "function", "torch.nn.functional.interpolate",
                     (Arg("size", "size", None), Arg("scale_factor", "scale_factor", None),
                      Arg("mode", "mode", "nearest", always=True), ALIGN_CORNERS),
                     positional=("input", "size", "scale_factor", "mode", "align_corners"), layout="first"),
            Spelling("keras", "function", "keras.ops.image.resize",
                     (Arg("size", "size", to_fw=required_size, always=True),
                      Arg("interpolation", "mode", "bilinear", always=True)),
                     positional=("images", "size", "interpolation"), layout="last",
                     hooks={"rewrite": size_from_scale}),
            Spelling("keras", "function", "tensorflow.image.resize",
                     (Arg("size", "size", to_fw=required_size, always=True),
                      Arg("method", "mode", "bilinear", always=True)),
                     positional=("images", "size", "method"), layout="last"),
        ),
        is_op=True, doc="resize spatial axes to a size or by a factor",
    ),
)
