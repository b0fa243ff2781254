"""Tensor ops that merge several tensors: arithmetic and concatenation."""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling


def _broadcast(attrs, inputs):
    return [max(inputs, key=lambda t: t.rank)]


def _concat_shape(attrs, inputs):
    first = inputs[0]
    sizes = [t.dim(attrs["axis"]) for t in inputs]
    return [first.with_dim(attrs["axis"], None if None in sizes else sum(sizes))]


def arithmetic(name, symbol, torch_fn, keras_layer, keras_fn):
    spellings = [
        Spelling("torch", "function", f"operator.{name}"),
        Spelling("torch", "function", f"torch.{torch_fn}"),
        Spelling("keras", "function", f"operator.{name}"),
        Spelling("keras", "function", f"keras.ops.{keras_fn}"),
    ]
    if keras_layer:
        spellings.insert(3, Spelling("keras", "layer", f"keras.layers.{keras_layer}"))
    return Kind(name=name, family="arithmetic", attrs=(), shape=_broadcast, spellings=tuple(spellings),
                is_op=True, doc=f"elementwise a {symbol} b")


register(
    arithmetic("add", "+", "add", "Add", "add"),
    arithmetic("sub", "-", "sub", "Subtract", "subtract"),
    arithmetic("mul", "*", "mul", "Multiply", "multiply"),
    arithmetic("truediv", "/", "div", None, "divide"),
    Kind(
        name="concat",
        family="merge",
        attrs=(Attr("axis", "axis"),),
        shape=_concat_shape,
        spellings=(
            Spelling("torch", "function", "torch.cat", (Arg("dim", "axis", 0),), positional=("tensors", "dim")),
            Spelling("keras", "layer", "keras.layers.Concatenate", (Arg("axis", "axis", -1),), positional=("axis",)),
            Spelling("keras", "function", "keras.ops.concatenate", (Arg("axis", "axis", 0),),
                     positional=("xs", "axis")),
        ),
        is_op=True,
        doc="join tensors along one axis",
    ),
)
