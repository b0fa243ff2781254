"""Activations: each is a layer, a function, and (in Keras) an activation string.

One table row per activation: canonical attributes with their PyTorch and Keras argument
names. Every row becomes one Kind with all its spellings.
"""
from ..helpers import same
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling

# name, torch layer, torch functional, keras layer, keras activation name, attrs:
#   (canonical, type, canonical default, torch arg, torch default, keras arg, keras default)
ACTIVATIONS = [
    ("relu", "ReLU", "relu", "ReLU", "relu", []),
    ("relu6", "ReLU6", "relu6", None, "relu6", []),
    ("leaky_relu", "LeakyReLU", "leaky_relu", "LeakyReLU", "leaky_relu",
     [("negative_slope", "float", 0.01, "negative_slope", 0.01, "negative_slope", 0.3)]),
    ("elu", "ELU", "elu", "ELU", "elu", [("alpha", "float", 1.0, "alpha", 1.0, "alpha", 1.0)]),
    ("selu", "SELU", "selu", None, "selu", []),
    ("celu", "CELU", "celu", None, "celu", [("alpha", "float", 1.0, "alpha", 1.0, "alpha", 1.0)]),
    ("gelu", "GELU", "gelu", None, "gelu",
     [("approximate", "bool", False, "approximate", "none", "approximate", False)]),
    ("sigmoid", "Sigmoid", "sigmoid", None, "sigmoid", []),
    ("hard_sigmoid", "Hardsigmoid", "hardsigmoid", None, "hard_sigmoid", []),
    ("tanh", "Tanh", "tanh", None, "tanh", []),
    ("softmax", "Softmax", "softmax", "Softmax", "softmax", [("axis", "axis", -1, "dim", None, "axis", -1)]),
    ("log_softmax", "LogSoftmax", "log_softmax", None, "log_softmax",
     [("axis", "axis", -1, "dim", None, "axis", -1)]),
    ("softplus", "Softplus", "softplus", None, "softplus", []),
    ("softsign", "Softsign", "softsign", None, "softsign", []),
    ("silu", "SiLU", "silu", None, "silu", []),
    ("mish", "Mish", "mish", None, "mish", []),
    ("hard_swish", "Hardswish", "hardswish", None, "hard_swish", []),
    ("hard_tanh", "Hardtanh", "hardtanh", None, "hard_tanh", []),
    ("identity", "Identity", None, "Identity", "linear", []),
]

# value conversions where the frameworks spell a canonical value differently
CONVERSIONS = {
    ("torch", "approximate"): (lambda v: "tanh" if v else "none", lambda v: v == "tanh"),
}


def _args(framework, rows):
    args = []
    for canonical, _type, _default, torch_arg, torch_default, keras_arg, keras_default in rows:
        name, default = (torch_arg, torch_default) if framework == "torch" else (keras_arg, keras_default)
        to_fw, from_fw = CONVERSIONS.get((framework, canonical), (lambda v: v, lambda v: v))
        args.append(Arg(name, canonical, default, to_fw, from_fw, always=True))
    return tuple(args)


def activation_kind(name, torch_layer, torch_fn, keras_layer, keras_name, rows):
    torch_args, keras_args = _args("torch", rows), _args("keras", rows)
    spellings = [Spelling("torch", "layer", f"torch.nn.{torch_layer}", torch_args)]
    if torch_fn:
        spellings.append(Spelling("torch", "function", f"torch.nn.functional.{torch_fn}", torch_args,
                                  positional=("input", *(a.name for a in torch_args))))
    if keras_layer:
        spellings.append(Spelling("keras", "layer", f"keras.layers.{keras_layer}", keras_args,
                                  positional=tuple(a.name for a in keras_args)))
    spellings.append(Spelling("keras", "activation", keras_name, keras_args))
    spellings.append(Spelling("keras", "function", f"keras.activations.{keras_name}", keras_args,
                              positional=("x", *(a.name for a in keras_args))))
    return Kind(
        name=name,
        family="activation",
        attrs=tuple(Attr(c, t, d) for c, t, d, *_ in rows),
        shape=same,
        spellings=tuple(spellings),
        doc=f"{name} activation",
    )


register(*(activation_kind(*row) for row in ACTIVATIONS))
