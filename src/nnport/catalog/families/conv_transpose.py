"""Transposed convolutions (ConvTranspose1d/2d/3d <-> Conv1D/2D/3DTranspose).

``output_padding`` None is Keras's "automatic" choice; shape inference turns it into the
explicit per-axis value PyTorch needs (Keras 'valid': max(stride - kernel, 0), 'same': the
output is input * stride). Neither that value nor the 'same' crop depends on the input's size
(the forward convolution of 'same' runs on ``size * stride`` cells: a multiple of the stride),
so both are known with no input shape.
"""
from ..helpers import as_tuple, compact, same_padding, spatial_sizes, with_spatial
from ..registry import register
from ..schema import Arg, Attr, Kind, Param, Spelling
from .conv import keras_kernel, keras_padding_to, torch_padding_from, torch_padding_to


def optional_tuple(n):
    to_tuple = as_tuple(n)
    return lambda value: None if value is None else to_tuple(value)


def full_length(size, kernel, stride, dilation):
    return (size - 1) * stride + dilation * (kernel - 1) + 1


def axis_length(size, kernel, stride, dilation, padding, output_padding):
    if size is None:
        return None
    if padding == "same":
        return size * stride
    return full_length(size, kernel, stride, dilation) - sum(padding) + output_padding


def transpose_shape(attrs, inputs):
    x = inputs[0]
    pads = attrs["padding"]
    if pads == "valid":
        pads = tuple((0, 0) for _ in attrs["kernel_size"])
    extra = attrs["output_padding"] or (0,) * len(attrs["kernel_size"])
    per_axis = pads if pads != "same" else ("same",) * len(extra)
    out = [axis_length(s, k, st, d, p, o) for s, k, st, d, p, o in
           zip(spatial_sizes(x), attrs["kernel_size"], attrs["stride"], attrs["dilation"], per_axis, extra)]
    return [with_spatial(x, out, attrs["out_channels"])]


def infer_transpose(attrs, inputs):
    """in_channels, and Keras's automatic output_padding made explicit."""
    found = {"in_channels": inputs[0].dim("C")}
    sizes = spatial_sizes(inputs[0])
    if attrs.get("output_padding") is None:  # the same for every size: 1 stands for an unknown one
        found["output_padding"] = tuple(
            _auto_output_padding(attrs["padding"], 1 if s is None else s, k, st, d)
            for s, k, st, d in zip(sizes, attrs["kernel_size"], attrs["stride"], attrs["dilation"]))
    return found


def _auto_output_padding(padding, size, kernel, stride, dilation):
    if padding == "same":
        before, after = same_padding(size * stride, kernel, stride, dilation)
        return size * stride - (full_length(size, kernel, stride, dilation) - before - after)
    return max(stride - (dilation * (kernel - 1) + 1), 0)


def crop_explicit_padding(n):
    """Keras ``inexpressible`` hook: Keras pads only "valid"/"same"; PyTorch's explicit padding
    removes rows from the full output, so write "valid" and crop them afterwards."""
    def hook(attrs, inputs):
        pads = attrs["padding"]
        if not isinstance(pads, tuple):
            return None
        return {"attrs": {**attrs, "padding": "valid"}, "after": [(f"cropping{n}d", {"crops": pads})]}
    return hook


def same_as_crop(n):
    """PyTorch ``rewrite`` hook: TF's "same" crops the full output by the padding of the forward
    convolution on the output size (extra on the after side); PyTorch crops both sides alike,
    so an uneven crop becomes "valid" and a Cropping layer."""
    def hook(attrs, inputs):
        if attrs["padding"] != "same":
            return None
        sizes = spatial_sizes(inputs[0]) if inputs and inputs[0] is not None else [None] * len(attrs["kernel_size"])
        pads = tuple(same_padding((1 if size is None else size) * s, k, s, d) for size, k, s, d in
                     zip(sizes, attrs["kernel_size"], attrs["stride"], attrs["dilation"]))
        if all(b == a for b, a in pads):
            return {"attrs": {**attrs, "padding": pads}}
        return {"attrs": {**attrs, "padding": "valid"}, "after": [(f"cropping{n}d", {"crops": pads})]}
    return hook


def absorb_crop(n):
    """Spelling hook ``absorb_next`` (passes/specialise.py): an unpadded transposed convolution
    followed by an even crop is PyTorch's explicit padding (Keras writes that padding so)."""
    def hook(attrs, kind, next_attrs, value):
        pads, crops = attrs["padding"], next_attrs.get("crops")
        unpadded = pads == "valid" or (isinstance(pads, tuple) and all(p == (0, 0) for p in pads))
        if kind != f"cropping{n}d" or not unpadded or not isinstance(crops, tuple) or len(crops) != n \
                or any(b != a for b, a in crops):
            return None
        return {**attrs, "padding": tuple(crops)}
    return hook


def transpose_weights(a):
    shape = {"weight": (a["in_channels"], a["out_channels"] // a["groups"], *a["kernel_size"])}
    return {**shape, "bias": (a["out_channels"],)} if a["bias"] else shape


def conv_transpose_kind(n):
    t = as_tuple(n)
    return Kind(
        name=f"conv_transpose{n}d", family="conv", spatial=(n,),
        attrs=(Attr("in_channels", "int", inferred=True, of_input=True), Attr("out_channels", "int"), Attr("kernel_size", "ints"),
               Attr("stride", "ints", (1,) * n), Attr("padding", "padding", "valid"),
               Attr("output_padding", "ints", None, inferred=True, doc="None: Keras's automatic choice"),
               Attr("groups", "int", 1), Attr("bias", "bool", True), Attr("dilation", "ints", (1,) * n)),
        shape=transpose_shape, infer=infer_transpose, weights=transpose_weights,
        spellings=(
            Spelling("torch", "layer", f"torch.nn.ConvTranspose{n}d",
                     (Arg("in_channels", "in_channels", always=True), Arg("out_channels", "out_channels", always=True),
                      Arg("kernel_size", "kernel_size", to_fw=compact, from_fw=t, always=True),
                      Arg("stride", "stride", 1, compact, t),
                      Arg("padding", "padding", 0, torch_padding_to, torch_padding_from(n)),
                      Arg("output_padding", "output_padding", 0, compact, t),
                      Arg("groups", "groups", 1), Arg("bias", "bias", True), Arg("dilation", "dilation", 1, compact, t)),
                     positional=("in_channels", "out_channels", "kernel_size", "stride", "padding", "output_padding",
                                 "groups", "bias", "dilation"),
                     params=(Param("weight", "weight"), Param("bias", "bias")), layout="first",
                     hooks={"rewrite": same_as_crop(n)}),
            Spelling("keras", "layer", f"keras.layers.Conv{n}DTranspose",
                     (Arg("filters", "out_channels", always=True),
                      Arg("kernel_size", "kernel_size", to_fw=compact, from_fw=t, always=True),
                      Arg("strides", "stride", 1, compact, t),
                      Arg("padding", "padding", "valid", keras_padding_to),
                      Arg("output_padding", "output_padding", None, compact, optional_tuple(n)),
                      Arg("dilation_rate", "dilation", 1, compact, t),
                      Arg("use_bias", "bias", True)),
                     positional=("filters", "kernel_size", "strides", "padding"),
                     params=(keras_kernel(n), Param("bias", "bias")), layout="last", fused_activation="activation",
                     hooks={"inexpressible": crop_explicit_padding(n), "absorb_next": absorb_crop(n)}),
        ),
        doc=f"{n}-D transposed convolution; PyTorch weight is (in, out/groups, *kernel)",
    )


register(*(conv_transpose_kind(n) for n in (1, 2, 3)))
