"""Depthwise and separable convolutions.

PyTorch writes a depthwise convolution as ``Conv{n}d(C, C * m, groups=C)`` (read back as an
ordinary grouped conv; produced by the legalize pass, hook ``rewrite``) and a separable one as
``nn.Sequential(depthwise conv, 1x1 conv)`` (hook ``parts_to_fw``). The Keras kernels need the
depth multiplier to be reshaped, so their weights go through the ``params_to_fw`` /
``params_from_fw`` hooks.
"""
from ..helpers import as_tuple, compact, explicit_padding, transpose
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Param, Spelling
from .conv import conv_shape, keras_padding_to, same_pairs, torch_padding_from, torch_padding_to


def depthwise_to_keras(weight, multiplier):
    """(C*m, 1, *k) -> (*k, C, m)."""
    import numpy as np  # lazily: migration never loads numpy

    n = weight.ndim - 2
    grouped = weight.reshape(weight.shape[0] // multiplier, multiplier, *weight.shape[2:])
    return np.ascontiguousarray(np.transpose(grouped, (*range(2, n + 2), 0, 1)))


def depthwise_from_keras(kernel):
    """(*k, C, m) -> (C*m, 1, *k)."""
    import numpy as np  # lazily: migration never loads numpy

    n = kernel.ndim - 2
    grouped = np.transpose(kernel, (n, n + 1, *range(n)))
    return np.ascontiguousarray(grouped.reshape(-1, 1, *grouped.shape[2:]))


def pointwise(n):
    perm = (*range(2, n + 2), 1, 0)
    return transpose(*perm), transpose(n + 1, n, *range(n))


def window_args(n, keras):
    t = as_tuple(n)
    if keras:
        return (Arg("kernel_size", "kernel_size", to_fw=compact, from_fw=t, always=True),
                Arg("strides", "stride", 1 if n == 1 else (1,) * n, compact, t),
                Arg("padding", "padding", "valid", keras_padding_to),
                Arg("depth_multiplier", "depth_multiplier", 1),
                Arg("dilation_rate", "dilation", 1 if n == 1 else (1,) * n, compact, t))
    return (Arg("kernel_size", "kernel_size", to_fw=compact, from_fw=t, always=True),
            Arg("stride", "stride", 1, compact, t),
            Arg("padding", "padding", 0, torch_padding_to, torch_padding_from(n)),
            Arg("dilation", "dilation", 1, compact, t))


def window_attrs(n):
    return (Attr("in_channels", "int", inferred=True, of_input=True), Attr("kernel_size", "ints"),
            Attr("stride", "ints", (1,) * n), Attr("padding", "padding", "valid"),
            Attr("dilation", "ints", (1,) * n), Attr("depth_multiplier", "int", 1))


def infer_channels(attrs, inputs):
    return {"in_channels": inputs[0].dim("C")}


def depthwise_shape(attrs, inputs):
    return conv_shape({**attrs, "out_channels": attrs["in_channels"] * attrs["depth_multiplier"]}, inputs)


def grouped_conv(n):
    """``rewrite`` hook for PyTorch: the same layer as Conv{n}d(C, C * m, groups=C); same weights."""
    def rewrite(a, inputs):
        if a.get("in_channels") is None:  # no input type reached it
            raise Inexpressible("in_channels unknown (it makes the groups); give the input shape (--input-shape)")
        conv = {k: a[k] for k in ("in_channels", "kernel_size", "stride", "padding", "dilation", "bias")}
        return {"kind": f"conv{n}d", "attrs": {**conv, "out_channels": a["in_channels"] * a["depth_multiplier"],
                                               "groups": a["in_channels"], "padding_mode": "zeros"}}
    return rewrite


def depthwise_weights(a):
    out = a["in_channels"] * a["depth_multiplier"]
    return {"weight": (out, 1, *a["kernel_size"]), **({"bias": (out,)} if a["bias"] else {})}


def depthwise_kind(n):
    keras_hooks = {
        "params_to_fw": lambda p, a: {"": [depthwise_to_keras(p["weight"], a["depth_multiplier"]),
                                           *([p["bias"]] if a["bias"] else [])]},
        "params_from_fw": lambda w, a: {"weight": depthwise_from_keras(w[""][0]),
                                        **({"bias": w[""][1]} if a["bias"] else {})},
    }
    return Kind(
        name=f"depthwise_conv{n}d", family="conv", spatial=(n,),
        attrs=(*window_attrs(n), Attr("bias", "bool", True)),
        shape=depthwise_shape, infer=infer_channels, weights=depthwise_weights,
        spellings=(
            Spelling("torch", "layer", f"torch.nn.Conv{n}d",
                     (Arg("in_channels", "in_channels", always=True), *window_args(n, False),
                      Arg("groups", "in_channels", 1, always=True), Arg("bias", "bias", True)),
                     positional=("in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation",
                                 "groups", "bias"),
                     layout="first", read=False, hooks={"rewrite": grouped_conv(n)}),
            Spelling("keras", "layer", f"keras.layers.DepthwiseConv{n}D",
                     (*window_args(n, True), Arg("use_bias", "bias", True)),
                     positional=("kernel_size", "strides", "padding", "depth_multiplier"),
                     layout="last", fused_activation="activation", hooks=keras_hooks),
        ),
        doc=f"{n}-D depthwise convolution: each channel convolved with its own depth_multiplier filters",
    )


def separable_weights(a):
    inner = a["in_channels"] * a["depth_multiplier"]
    shapes = {"depthwise.weight": (inner, 1, *a["kernel_size"]),
              "pointwise.weight": (a["out_channels"], inner, *(1,) * len(a["kernel_size"]))}
    return {**shapes, "pointwise.bias": (a["out_channels"],)} if a["bias"] else shapes


def separable_parts(n):
    """``parts_to_fw`` hook for PyTorch: the layer as ``nn.Sequential(depthwise, pointwise)``
    (a grouped conv, then a 1x1 conv), so its weights stay together as ``0.*`` and ``1.*``."""
    def parts(a):
        depthwise = {k: a[k] for k in ("in_channels", "kernel_size", "stride", "padding", "dilation",
                                       "depth_multiplier")}
        inner = a["in_channels"] * a["depth_multiplier"]
        point = {"in_channels": inner, "out_channels": a["out_channels"], "kernel_size": (1,) * n,
                 "stride": (1,) * n, "padding": "valid", "dilation": (1,) * n, "groups": 1, "bias": a["bias"],
                 "padding_mode": "zeros"}
        return [(f"conv{n}d", grouped_conv(n)({**depthwise, "bias": False}, [])["attrs"]), (f"conv{n}d", point)]
    return parts


def pad_apart():
    """``rewrite`` hook for PyTorch: padding a torch conv cannot spell becomes a pad layer first."""
    explicit = explicit_padding(same_needs_unit_stride=True)

    def rewrite(a, inputs):
        resolved = same_pairs(a, inputs)
        try:
            torch_padding_to((resolved or {"attrs": a})["attrs"]["padding"])
            return resolved
        except Inexpressible:
            return explicit(resolved["attrs"], inputs)
    return rewrite


SEPARABLE_TORCH_PARAMS = (Param("0.weight", "depthwise.weight"), Param("1.weight", "pointwise.weight"),
                          Param("1.bias", "pointwise.bias"))


def separable_hooks(n):
    to_pointwise, from_pointwise = pointwise(n)

    def to_fw(p, a):
        arrays = [depthwise_to_keras(p["depthwise.weight"], a["depth_multiplier"]),
                  to_pointwise(p["pointwise.weight"])]
        return {"": arrays + ([p["pointwise.bias"]] if a["bias"] else [])}

    def from_fw(w, a):
        found = {"depthwise.weight": depthwise_from_keras(w[""][0]), "pointwise.weight": from_pointwise(w[""][1])}
        return {**found, "pointwise.bias": w[""][2]} if a["bias"] else found
    return {"params_to_fw": to_fw, "params_from_fw": from_fw}


def separable_kind(n):
    return Kind(
        name=f"separable_conv{n}d", family="conv", spatial=(n,),
        attrs=(*window_attrs(n), Attr("out_channels", "int"), Attr("bias", "bool", True)),
        shape=conv_shape, infer=infer_channels, weights=separable_weights,
        spellings=(
            Spelling("torch", "layer", "torch.nn.Sequential", layout="first", read=False,
                     params=SEPARABLE_TORCH_PARAMS, hooks={"parts_to_fw": separable_parts(n), "rewrite": pad_apart()}),
            Spelling("keras", "layer", f"keras.layers.SeparableConv{n}D",
                     (Arg("filters", "out_channels", always=True), *window_args(n, True), Arg("use_bias", "bias", True)),
                     positional=("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
                                 "depth_multiplier"),
                     layout="last", fused_activation="activation", hooks=separable_hooks(n)),
        ),
        doc=f"{n}-D depthwise convolution followed by a 1x1 convolution (PyTorch: a two-layer chain)",
    )


register(*(factory(n) for factory in (depthwise_kind, separable_kind) for n in (1, 2)))
