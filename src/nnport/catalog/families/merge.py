"""Tensor ops that merge several tensors: elementwise arithmetic, concatenation, stacking."""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling
from ...ir.types import TensorType


def broadcast(attrs, inputs):
    tensors = [t for t in inputs if isinstance(t, TensorType)]
    return [max(tensors, key=lambda t: t.rank)]


def _matmul_shape(attrs, inputs):
    """(..., n, k) @ (..., k, m) -> (..., n, m): the left operand's roles, the right one's last size."""
    a, b = inputs
    if b.rank == 1:
        return [TensorType(a.shape[:-1], a.roles[:-1], a.dtype)]
    return [a.with_dim(a.roles[-1], b.shape[-1])]


def _concat_shape(attrs, inputs):
    first = inputs[0]
    sizes = [t.dim(attrs["axis"]) for t in inputs]
    return [first.with_dim(attrs["axis"], None if None in sizes else sum(sizes))]


def _stack_shape(attrs, inputs):
    x, at = inputs[0], attrs["axis"] % (inputs[0].rank + 1)
    return [TensorType(x.shape[:at] + (len(inputs),) + x.shape[at:], x.roles[:at] + ("?s",) + x.roles[at:], x.dtype)]


# the second operand's name where torch does not call it "other": (function, method)
SECOND = {"mul": ("other", "value"), "div": ("other", "value"), "floor_divide": ("other", "value"),
          "remainder": ("other", "divisor"), "matmul": ("other", "tensor2"), "pow": ("exponent", "exponent")}


def arithmetic(name, symbol, torch_fn, keras_layer, keras_fn, tf_fn, tf_args=("x", "y"), shape=broadcast):
    second, method_second = SECOND.get(torch_fn, ("other", "other"))
    spellings = [
        Spelling("torch", "function", f"operator.{name}"),
        Spelling("torch", "function", f"torch.{torch_fn}", positional=("input", second)),
        Spelling("torch", "method", f"Tensor.{torch_fn}", positional=(method_second,)),
        Spelling("keras", "function", f"operator.{name}"),
        Spelling("keras", "function", f"keras.ops.{keras_fn}", positional=("x1", "x2")),
        Spelling("keras", "function", f"tensorflow.{tf_fn}", positional=tf_args),
    ]
    if keras_layer:
        spellings.insert(3, Spelling("keras", "layer", f"keras.layers.{keras_layer}"))
    return Kind(name=name, family="arithmetic", attrs=(), shape=shape, spellings=tuple(spellings),
                is_op=True, doc=f"elementwise a {symbol} b (broadcasting)")


def axis_arg(name, default):
    return Arg(name, "axis", default)


register(
    arithmetic("add", "+", "add", "Add", "add", "add"),
    arithmetic("sub", "-", "sub", "Subtract", "subtract", "subtract"),
    arithmetic("mul", "*", "mul", "Multiply", "multiply", "multiply"),
    arithmetic("truediv", "/", "div", None, "divide", "divide"),
    arithmetic("floordiv", "//", "floor_divide", None, "floor_divide", "math.floordiv"),
    arithmetic("mod", "%", "remainder", None, "mod", "math.floormod"),
    arithmetic("pow", "**", "pow", None, "power", "pow"),
    arithmetic("matmul", "@", "matmul", None, "matmul", "matmul", ("a", "b"), _matmul_shape),
    Kind(
        name="concat", family="merge", attrs=(Attr("axis", "axis"),), shape=_concat_shape,
        spellings=(
            Spelling("torch", "function", "torch.cat", (axis_arg("dim", 0),), positional=("tensors", "dim")),
            Spelling("torch", "function", "torch.concat", (axis_arg("dim", 0),), positional=("tensors", "dim")),
            Spelling("keras", "layer", "keras.layers.Concatenate", (axis_arg("axis", -1),), positional=("axis",)),
            Spelling("keras", "function", "keras.ops.concatenate", (axis_arg("axis", 0),), positional=("xs", "axis")),
            Spelling("keras", "function", "tensorflow.concat", (Arg("axis", "axis"),), positional=("values", "axis")),
        ),
        is_op=True, doc="join tensors along one axis",
    ),
    Kind(
        name="stack", family="merge",
        attrs=(Attr("axis", "int", 0, doc="position of the new axis in the result (a new axis has no role)"),),
        shape=_stack_shape,
        spellings=(
            Spelling("torch", "function", "torch.stack", (axis_arg("dim", 0),), positional=("tensors", "dim")),
            Spelling("keras", "function", "keras.ops.stack", (axis_arg("axis", 0),), positional=("x", "axis")),
            Spelling("keras", "function", "tensorflow.stack", (axis_arg("axis", 0),), positional=("values", "axis")),
        ),
        is_op=True, doc="join tensors along a new axis",
    ),
)
