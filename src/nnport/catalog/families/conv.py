"""Convolutions: Conv1D/2D/3D (groups, dilation, padding modes)."""
from ..helpers import (absorb_zero_pad, as_tuple, compact, explicit_padding, resolve_padding, same_padding,
                       spatial_sizes, transpose, window_out, with_spatial)
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Param, Spelling


def torch_padding_from(n):
    def convert(value):
        if isinstance(value, str):
            return value
        return tuple((p, p) for p in as_tuple(n)(value))
    return convert


def torch_padding_to(value):
    if value == "valid":
        return 0
    if value == "same" or all(b == a for b, a in value):
        return value if value == "same" else compact(tuple(b for b, _ in value))
    raise Inexpressible(f"asymmetric padding {value}")


def keras_padding_to(value):
    if value in ("valid", "same"):
        return value
    if all(b == 0 and a == 0 for b, a in value):
        return "valid"
    raise Inexpressible(f"explicit padding {value}")


def same_pairs(attrs, inputs):
    """Spelling hook ``rewrite`` (PyTorch convolutions and pooling): TF "same" -> per-side pairs.

    An axis pads alike whatever its size when its stride is 1 (``(k - 1) * d`` in all) or its
    window is one cell (nothing); a strided axis needs its size, since TensorFlow puts the odd
    padding cell after, for some sizes only. PyTorch has no "same" with stride > 1, so with such a
    size unknown the layer is refused (``Inexpressible``), never written as code that cannot run."""
    if attrs.get("padding") != "same":
        return None
    kernel = attrs["kernel_size"]
    stride = attrs.get("stride") or kernel
    dilation = attrs.get("dilation") or (1,) * len(kernel)
    x = inputs[0] if inputs else None
    sizes = spatial_sizes(x) if x is not None else [None] * len(kernel)
    pads = []
    for size, k, st, d in zip(sizes, kernel, stride, dilation):
        if size is None and st != 1 and d * (k - 1) + 1 > 1:
            raise Inexpressible(
                f"padding 'same' with stride {compact(tuple(stride))} depends on the input size, unknown here "
                "(PyTorch has no 'same' with stride > 1): give the input shape (--input-shape)")
        pads.append(same_padding(1 if size is None else size, k, st, d))
    return {"attrs": {**attrs, "padding": tuple(pads)}}


def conv_shape(attrs, inputs):
    x = inputs[0]
    sizes = spatial_sizes(x)
    pads = resolve_padding(attrs["padding"], sizes, attrs["kernel_size"], attrs["stride"], attrs["dilation"])
    if pads == "same":
        out = [None if s is None else -(-s // st) for s, st in zip(sizes, attrs["stride"])]
    else:
        out = [window_out(s, k, st, b, a, d) for s, k, st, (b, a), d in
               zip(sizes, attrs["kernel_size"], attrs["stride"], pads, attrs["dilation"])]
    return [with_spatial(x, out, attrs["out_channels"])]


def causal_padding(attrs):
    """Keras ``padding="causal"``: ``dilation * (kernel - 1)`` steps before, none after."""
    if attrs.get("padding") != "causal":
        return attrs
    kernel = attrs["kernel_size"]
    dilation = attrs.get("dilation", (1,) * len(kernel))
    return {**attrs, "padding": tuple((d * (k - 1), 0) for k, d in zip(kernel, dilation))}


def conv_attrs(n):
    return (
        Attr("in_channels", "int", inferred=True, of_input=True),
        Attr("out_channels", "int"),
        Attr("kernel_size", "ints"),
        Attr("stride", "ints", (1,) * n),
        Attr("padding", "padding", "valid"),
        Attr("dilation", "ints", (1,) * n),
        Attr("groups", "int", 1),
        Attr("bias", "bool", True),
        Attr("padding_mode", "str", "zeros"),
    )


def conv_weights(a):
    shape = {"weight": (a["out_channels"], a["in_channels"] // a["groups"], *a["kernel_size"])}
    return {**shape, "bias": (a["out_channels"],)} if a["bias"] else shape


def keras_kernel(n):
    """(out, in, *k) <-> (*k, in, out)."""
    perm = (*range(2, n + 2), 1, 0)
    back = (n + 1, n, *range(n))
    return Param("kernel", "weight", transpose(*perm), transpose(*back))


def subsample_after(n):
    """Keras ``rewrite`` hook: Keras refuses strides > 1 with dilation > 1; the same values are
    the unit-stride convolution's every stride-th output (a max pool of size 1 with that stride)."""
    def rewrite(attrs, inputs):
        if all(s == 1 for s in attrs["stride"]) or all(d == 1 for d in attrs["dilation"]):
            return None
        pick = {"kernel_size": (1,) * n, "stride": attrs["stride"], "padding": "valid", "dilation": (1,) * n,
                "ceil_mode": False}
        return {"attrs": {**attrs, "stride": (1,) * n}, "after": [(f"max_pool{n}d", pick)]}
    return rewrite


def conv_kind(n):
    t = as_tuple(n)
    return Kind(
        name=f"conv{n}d", spatial=(n,),
        family="conv",
        attrs=conv_attrs(n),
        shape=conv_shape,
        infer=lambda attrs, inputs: {"in_channels": inputs[0].dim("C")},
        weights=conv_weights,
        spellings=(
            Spelling("torch", "layer", f"torch.nn.Conv{n}d",
                     args=(Arg("in_channels", "in_channels", always=True),
                           Arg("out_channels", "out_channels", always=True),
                           Arg("kernel_size", "kernel_size", to_fw=compact, from_fw=t, always=True),
                           Arg("stride", "stride", 1, compact, t),
                           Arg("padding", "padding", 0, torch_padding_to, torch_padding_from(n)),
                           Arg("dilation", "dilation", 1, compact, t),
                           Arg("groups", "groups", 1),
                           Arg("bias", "bias", True),
                           Arg("padding_mode", "padding_mode", "zeros")),
                     positional=("in_channels", "out_channels", "kernel_size", "stride", "padding",
                                 "dilation", "groups", "bias", "padding_mode"),
                     params=(Param("weight", "weight"), Param("bias", "bias")),
                     layout="first", hooks={"rewrite": same_pairs, "absorb_pad": absorb_zero_pad,
                            "inexpressible": explicit_padding(same_needs_unit_stride=True)}),
            Spelling("keras", "layer", f"keras.layers.Conv{n}D",
                     args=(Arg("filters", "out_channels", always=True, aliases=("nb_filter",)),
                           Arg("kernel_size", "kernel_size", to_fw=compact, from_fw=t, always=True,
                               aliases=("filter_length",)),
                           Arg("strides", "stride", 1, compact, t, aliases=("subsample", "subsample_length")),
                           Arg("padding", "padding", "valid", keras_padding_to, aliases=("border_mode",)),
                           Arg("dilation_rate", "dilation", 1, compact, t, aliases=("atrous_rate",)),
                           Arg("groups", "groups", 1),
                           Arg("use_bias", "bias", True, aliases=("bias",))),
                     positional=("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                                 "groups", "activation", "use_bias"),
                     params=(keras_kernel(n), Param("bias", "bias")),
                     layout="last", fused_activation="activation",
                     hooks={"rewrite": subsample_after(n), "inexpressible": explicit_padding(),
                            "attrs_from_fw": causal_padding}),
        ),
        doc=f"{n}-D convolution",
    )


register(*(conv_kind(n) for n in (1, 2, 3)))
