"""Fully connected layers."""
from ..helpers import transpose
from ..registry import register
from ..schema import Arg, Attr, Kind, Param, Spelling


def _linear_shape(attrs, inputs):
    return [inputs[0].with_dim(inputs[0].roles[-1], attrs["out_features"])]


register(Kind(
    name="linear",
    family="linear",
    attrs=(
        Attr("in_features", "int", inferred=True, of_input=True),
        Attr("out_features", "int"),
        Attr("bias", "bool", True),
    ),
    shape=_linear_shape,
    infer=lambda attrs, inputs: {"in_features": inputs[0].shape[-1]},
    weights=lambda a: {"weight": (a["out_features"], a["in_features"]), **({"bias": (a["out_features"],)} if a["bias"] else {})},
    spellings=(
        Spelling("torch", "layer", "torch.nn.Linear",
                 args=(Arg("in_features", "in_features", always=True),
                       Arg("out_features", "out_features", always=True),
                       Arg("bias", "bias", True)),
                 positional=("in_features", "out_features", "bias"),
                 params=(Param("weight", "weight"), Param("bias", "bias")),
                 layout="last"),
        Spelling("keras", "layer", "keras.layers.Dense",
                 args=(Arg("units", "out_features", always=True, aliases=("output_dim",)),
                       Arg("use_bias", "bias", True, aliases=("bias",))),
                 positional=("units",),
                 params=(Param("kernel", "weight", transpose(1, 0), transpose(1, 0)), Param("bias", "bias")),
                 layout="last", fused_activation="activation"),
    ),
    doc="y = x W^T + b over the last axis",
))
