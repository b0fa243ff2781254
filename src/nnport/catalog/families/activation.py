"""Activations: each is a layer, a function, and (in Keras) an activation string.

One table row per activation: canonical attributes with their PyTorch and Keras argument
names. Every row becomes one Kind with all its spellings. Keras layers and
``keras.activations`` functions sometimes default differently (LeakyReLU 0.3 vs 0.2), so
every argument is always written.
"""
from ..helpers import same
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling

# name, torch layer, torch functional, keras layer, keras activation name, attrs:
#   (canonical, type, canonical default, torch arg, torch default, keras arg, keras layer default,
#    keras function default); a None keras arg: Keras cannot spell the attribute (default only)
ACTIVATIONS = [
    ("relu", "ReLU", "relu", "ReLU", "relu", []),
    ("relu6", "ReLU6", "relu6", None, "relu6", []),
    ("leaky_relu", "LeakyReLU", "leaky_relu", "LeakyReLU", "leaky_relu",
     [("negative_slope", "float", 0.01, "negative_slope", 0.01, "negative_slope", 0.3, 0.2)]),
    ("elu", "ELU", "elu", "ELU", "elu", [("alpha", "float", 1.0, "alpha", 1.0, "alpha", 1.0, 1.0)]),
    ("selu", "SELU", "selu", None, "selu", []),
    ("celu", "CELU", "celu", None, "celu", [("alpha", "float", 1.0, "alpha", 1.0, "alpha", None, 1.0)]),
    ("gelu", "GELU", "gelu", None, "gelu",
     [("approximate", "bool", False, "approximate", "none", "approximate", None, False)]),
    ("sigmoid", "Sigmoid", "sigmoid", None, "sigmoid", []),
    ("hard_sigmoid", "Hardsigmoid", "hardsigmoid", None, "hard_sigmoid", []),
    ("tanh", "Tanh", "tanh", None, "tanh", []),
    ("softmax", "Softmax", "softmax", "Softmax", "softmax", [("axis", "axis", -1, "dim", None, "axis", -1, -1)]),
    ("log_softmax", "LogSoftmax", "log_softmax", None, "log_softmax",
     [("axis", "axis", -1, "dim", None, "axis", None, -1)]),
    ("softplus", "Softplus", "softplus", None, "softplus",
     [("beta", "float", 1.0, "beta", 1.0, None, None, None),
      ("threshold", "float", 20.0, "threshold", 20.0, None, None, None)]),
    ("softsign", "Softsign", "softsign", None, "softsign", []),
    ("silu", "SiLU", "silu", None, "silu", []),
    ("mish", "Mish", "mish", None, "mish", []),
    ("hard_swish", "Hardswish", "hardswish", None, "hard_swish", []),
    ("hard_tanh", "Hardtanh", "hardtanh", None, "hard_tanh",
     [("min_val", "float", -1.0, "min_val", -1.0, None, None, None),
      ("max_val", "float", 1.0, "max_val", 1.0, None, None, None)]),
    ("identity", "Identity", None, "Identity", "linear", []),
]

# more names for the same function: (qualified name, form, {arg: its default there})
ALIASES = {
    "relu": [("torch.relu", "function", {}), ("Tensor.relu", "method", {}), ("keras.ops.relu", "function", {})],
    "relu6": [("keras.ops.relu6", "function", {})],
    "sigmoid": [("torch.sigmoid", "function", {}), ("Tensor.sigmoid", "method", {}),
                ("keras.ops.sigmoid", "function", {}), ("tensorflow.sigmoid", "function", {}),
                ("tensorflow.nn.sigmoid", "function", {})],
    "tanh": [("torch.tanh", "function", {}), ("Tensor.tanh", "method", {}), ("keras.ops.tanh", "function", {}),
             ("tensorflow.tanh", "function", {}), ("tensorflow.nn.tanh", "function", {})],
    "softmax": [("torch.softmax", "function", {"dim": "ABSENT"}), ("Tensor.softmax", "method", {"dim": "ABSENT"}),
                ("keras.ops.softmax", "function", {"axis": -1}), ("tensorflow.nn.softmax", "function", {"axis": None})],
    "log_softmax": [("torch.log_softmax", "function", {"dim": "ABSENT"}),
                    ("Tensor.log_softmax", "method", {"dim": "ABSENT"}),
                    ("keras.ops.log_softmax", "function", {"axis": -1}),
                    ("tensorflow.nn.log_softmax", "function", {"axis": None})],
    "gelu": [("keras.ops.gelu", "function", {"approximate": True}), ("tensorflow.nn.gelu", "function", {})],
    "silu": [("keras.activations.swish", "function", {}), ("keras.ops.silu", "function", {}),
             ("tensorflow.nn.silu", "function", {})],
    "elu": [("keras.ops.elu", "function", {})],
}
ALIAS_ACTIVATIONS = {"silu": ["swish"], "hard_swish": ["hard_silu"]}
TF_FIRST = {"tensorflow.sigmoid": "x", "tensorflow.tanh": "x", "tensorflow.nn.sigmoid": "x", "tensorflow.nn.tanh": "x", "tensorflow.nn.softmax": "logits",
            "tensorflow.nn.log_softmax": "logits"}

# value conversions where the frameworks spell a canonical value differently
CONVERSIONS = {
    ("torch", "approximate"): (lambda v: "tanh" if v else "none", lambda v: v == "tanh"),
}


BY_POSITION = {("torch", "negative_slope")}  # nn.LeakyReLU(0.2), F.leaky_relu(x, 0.2), as PyTorch's examples


def _args(framework, rows, default_at):
    args = []
    for canonical, _type, _default, torch_arg, torch_default, keras_arg, *keras_defaults in rows:
        name = torch_arg if framework == "torch" else keras_arg
        if name is None:
            continue
        default = torch_default if framework == "torch" else keras_defaults[default_at]
        to_fw, from_fw = CONVERSIONS.get((framework, canonical), (lambda v: v, lambda v: v))
        aliases = KERAS2_ALIASES.get(name, ()) if framework == "keras" else ()
        args.append(Arg(name, canonical, default, to_fw, from_fw, aliases=aliases, always=True,
                        by_position=(framework, name) in BY_POSITION))
    return tuple(args)


KERAS2_ALIASES = {"negative_slope": ("alpha",)}  # Keras 2 LeakyReLU(alpha=...), still accepted by Keras 3


def _alias(qualified, form, defaults, base_args):
    from ..schema import ABSENT

    framework = "torch" if qualified.startswith(("torch.", "Tensor.")) else "keras"
    args = tuple(Arg(a.name, a.attr, ABSENT if defaults.get(a.name) == "ABSENT" else defaults.get(a.name, a.default),
                     a.to_fw, a.from_fw, always=True) for a in base_args)
    first = () if form == "method" else (TF_FIRST.get(qualified, "input" if framework == "torch" else "x"),)
    if qualified.startswith("tensorflow.nn.") and qualified not in TF_FIRST:
        first = ("features",)
    return Spelling(framework, form, qualified, args, positional=(*first, *(a.name for a in args)))


def relu_read_as(given, attrs):
    """Spelling hook ``read_as``: Keras' ReLU with ``max_value`` / ``negative_slope`` / ``threshold``
    is ``max_value if x >= max_value, x if threshold <= x, negative_slope * (x - threshold)`` below:
    read as the kind computing exactly that, or refused."""
    cap, slope, threshold = given.get("max_value"), given.get("negative_slope", 0.0), given.get("threshold", 0.0)
    for name, value in (("max_value", cap), ("negative_slope", slope), ("threshold", threshold)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise Inexpressible(f"ReLU {name}={value!r} is not a number")
    if threshold != 0:
        raise Inexpressible(f"ReLU threshold={threshold!r} has no exact PyTorch equivalent (nn.Threshold "
                            "zeroes the threshold value itself, Keras keeps it); write the ReLU without threshold")
    if cap is None:
        return "leaky_relu", {"negative_slope": float(slope)}
    if slope != 0:
        raise Inexpressible(f"ReLU with both max_value={cap!r} and negative_slope={slope!r} has no exact "
                            "PyTorch layer; write LeakyReLU and a clip")
    if cap <= 0:
        raise Inexpressible(f"ReLU max_value={cap!r} leaves no range: PyTorch's Hardtanh needs max_val > 0")
    if cap == 6:
        return "relu6", {}
    return "hard_tanh", {"min_val": 0.0, "max_val": float(cap)}


# arguments a Keras spelling fixes (attr None) and the hook reading them as another kind:
# {kind: {form: (args, positional order)}}
READ_AS = {
    "relu": ({"layer": ((Arg("max_value", None, None), Arg("negative_slope", None, 0.0), Arg("threshold", None, 0.0)),
                        ("max_value", "negative_slope", "threshold")),
              "function": ((Arg("negative_slope", None, 0.0), Arg("max_value", None, None), Arg("threshold", None, 0.0)),
                           ("x", "negative_slope", "max_value", "threshold"))},
             relu_read_as),
}


INPLACE = {"ReLU", "ReLU6", "LeakyReLU", "ELU", "SELU", "CELU", "Hardsigmoid", "SiLU", "Mish", "Hardswish",
           "Hardtanh"}  # the torch layers that take an inplace flag
KEYWORD_ONLY = {"approximate"}  # F.gelu(input, *, approximate=...)


def in_place(attrs):
    """Spelling hook: the arguments that make the layer overwrite its input (written where safe)."""
    return [("inplace", "True")]


def activation_kind(name, torch_layer, torch_fn, keras_layer, keras_name, rows):
    torch_args = _args("torch", rows, 0)
    keras_layer_args, keras_fn_args = _args("keras", rows, 0), _args("keras", rows, 1)
    spellings = [Spelling("torch", "layer", f"torch.nn.{torch_layer}", torch_args,  # nn.ReLU(True): inplace
                          positional=(*(a.name for a in torch_args), *(("inplace",) if torch_layer in INPLACE else ())),
                          hooks={"in_place": in_place} if torch_layer in INPLACE else {})]
    if torch_fn:
        spellings.append(Spelling("torch", "function", f"torch.nn.functional.{torch_fn}", torch_args,
                                  positional=("input", *(a.name for a in torch_args if a.name not in KEYWORD_ONLY))))
    fixed, read_as = READ_AS.get(name, ({}, None))
    hooks = {"read_as": read_as} if read_as else {}
    if keras_layer:
        args, positional = fixed.get("layer", ((), tuple(a.name for a in keras_layer_args)))
        spellings.append(Spelling("keras", "layer", f"keras.layers.{keras_layer}", keras_layer_args + args,
                                  positional=positional, hooks=hooks))
    spellings.append(Spelling("keras", "activation", keras_name, keras_fn_args))
    args, positional = fixed.get("function", ((), ("x", *(a.name for a in keras_fn_args))))
    spellings.append(Spelling("keras", "function", f"keras.activations.{keras_name}", keras_fn_args + args,
                              positional=positional, hooks=hooks))
    for other in ALIAS_ACTIVATIONS.get(name, []):
        spellings.append(Spelling("keras", "activation", other, keras_fn_args))
    for qualified, form, defaults in ALIASES.get(name, []):
        base = torch_args if qualified.startswith(("torch.", "Tensor.")) else keras_fn_args
        spellings.append(_alias(qualified, form, defaults, base))
    return Kind(name=name, family="activation", attrs=tuple(Attr(c, t, d) for c, t, d, *_ in rows), shape=same,
                spellings=tuple(spellings), doc=f"{name} activation")


def prelu_infer(attrs, inputs):
    """PyTorch learns one slope (num_parameters=1) or one per channel; Keras names the axes sharing it."""
    x = inputs[0]
    if attrs.get("shared_axes") is None:
        per_channel = (attrs.get("num_parameters") or 1) > 1
        return {"shared_axes": tuple(r for r in x.roles if r != "N" and not (per_channel and r == "C"))}
    shared = set(attrs["shared_axes"])
    return {"num_parameters": 1 if "C" in shared else x.dim("C")}


def prelu_to_keras(p, a):
    weight = p["weight"]
    return {"": [weight.reshape((1,) * len(a["shared_axes"]) + ((weight.size,) if weight.size > 1 else ()))]}


prelu = Kind(
    name="prelu", family="activation",
    attrs=(Attr("num_parameters", "int", None, inferred=True, doc="1, or the number of channels"),
           Attr("init", "float", 0.25, neutral=True, doc="the slopes' initial value: weights carry it"),
           Attr("shared_axes", "axes", None, inferred=True)),
    shape=same, infer=prelu_infer,
    weights=lambda a: {"weight": (a["num_parameters"],)},
    spellings=(
        Spelling("torch", "layer", "torch.nn.PReLU",
                 (Arg("num_parameters", "num_parameters", 1), Arg("init", "init", 0.25)),
                 positional=("num_parameters", "init"), layout="first"),
        Spelling("keras", "layer", "keras.layers.PReLU",
                 (Arg("shared_axes", "shared_axes", None, to_fw=list, from_fw=lambda v: () if v is None else tuple(v),
                      always=True),),
                 positional=("alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes"),
                 layout="last",
                 hooks={"params_to_fw": prelu_to_keras,
                        "params_from_fw": lambda w, a: {"weight": w[""][0].reshape(-1)}}),
    ),
    doc="leaky ReLU with a learned slope",
)

register(*(activation_kind(*row) for row in ACTIVATIONS), prelu)
