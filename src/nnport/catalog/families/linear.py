"""Fully connected layers, and Keras's ``TimeDistributed`` read as the layer it wraps where that
layer treats every position of the leading axes alike."""
from .. import registry
from ..helpers import transpose
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Param, Spelling

# kinds that act on the last axis only, or on every element: applied to each time step or to the
# whole sequence, they compute the same
PER_POSITION = {"linear", "dropout", "alpha_dropout"}


def read_time_distributed(arguments, kind, attrs):
    """``TimeDistributed(Dense(n))`` is ``Dense(n)`` on the sequence; other layers see each time
    step as a sample (a convolution over frames) and are not translated."""
    if kind not in PER_POSITION and registry.kind(kind).family != "activation":
        raise Inexpressible(f"TimeDistributed wrapping {kind} is not translated (only layers that act on the "
                            "last axis or on every element: Dense, Dropout, activations)")
    return kind, attrs, None


# Keras's wrapper, read as the wrapped layer (hook read_wrapped); it is registered once, on linear
TIME_DISTRIBUTED = Spelling("keras", "layer", "keras.layers.TimeDistributed", (), positional=("layer",),
                            hooks={"read_wrapped": read_time_distributed})


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
        TIME_DISTRIBUTED,
    ),
    doc="y = x W^T + b over the last axis",
))
