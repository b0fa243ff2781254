"""Positions along a sequence: ``torch.arange`` / ``keras.ops.arange`` (``tf.range`` reads as it).

A position embedding looks up ``arange(T)``, T being the length of the token ids' sequence axis:
``torch.arange(0, t, device=idx.device)`` after ``b, t = idx.size()``, ``ops.arange(start=0,
stop=ops.shape(x)[-1])``; or a number (``ops.arange(0, maxlen, 1)``). As with the causal mask,
the op then reads the sizes of ``x`` (its input), not its values: ``axis`` is the axis of the
input whose length is the stop; ``stop`` holds the number otherwise. The positions are integers
(PyTorch int64, Keras int32): what an embedding reads.
"""
from ...ir.types import TensorType
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling

INTEGERS = {"torch.long": "int64", "torch.int64": "int64", "torch.int": "int32", "torch.int32": "int32",
            "int64": "int64", "int32": "int32", "int": "int32"}
FLOATS = {"torch.float": "float32", "torch.float32": "float32", "float32": "float32", "float": "float32"}


def positions_shape(attrs, inputs):
    start, step = attrs["start"], attrs["step"]
    if inputs:
        x, axis = inputs[0], attrs["axis"]
        length, role = x.shape[axis], x.roles[axis]
        count = None if length is None else len(range(start, length, step))
        return [TensorType((count,), (role,), attrs["dtype"] or "int64")]
    return [TensorType((len(range(start, attrs["stop"], step)),), ("T",), attrs["dtype"] or "int64")]


def bind(attrs):
    """``arange(end)``: one number is the stop (the first positional is the start otherwise)."""
    return {**attrs, "start": 0, "stop": attrs["start"]} if attrs.get("stop") is None else attrs


def dtype_from_fw(value):
    """Integer positions of any width are what an embedding reads (None); a float dtype is kept."""
    name = getattr(value, "qualified", getattr(value, "name", value))  # torch.long, tf.int32, "int32"
    name = name.replace("tensorflow.", "") if isinstance(name, str) else name
    name = INTEGERS.get(name, name) if isinstance(name, str) else name
    if name is None or name in INTEGERS.values():
        return None
    if name not in FLOATS:
        raise ValueError(name)
    return FLOATS[name]


def _step(value):
    """Keras's step=None is 1."""
    return 1 if value is None else value


def read_sized(attrs, _input_name):
    """Hook ``read_sized``: the stop given as a tensor's size: PyTorch ``x.size(i)`` (or ``t`` of
    ``b, t = x.size()``), Keras ``ops.shape(x)[i]`` (``size_of``: tensor, axis, rank)."""
    stop = attrs["stop"]
    tensor, axis = (stop.tensor, stop.axis) if hasattr(stop, "axis") and hasattr(stop, "tensor") else \
        getattr(stop, "size_of", None)[:2] if getattr(stop, "size_of", None) else (None, None)
    if tensor is None:
        return None
    return "positions", {**attrs, "stop": None, "axis": axis}, tensor


def _range_text(attrs, args, length) -> str:
    stop = length(args[0], attrs["axis"]) if args else str(attrs["stop"])
    parts = ([str(attrs["start"])] if attrs["start"] or attrs["step"] != 1 else []) + [stop]
    return ", ".join(parts + ([str(attrs["step"])] if attrs["step"] != 1 else []))


def torch_positions(attrs, *args):
    dtype = f", dtype=torch.{attrs['dtype']}" if attrs["dtype"] else ""
    device = f", device={args[0]}.device" if args else ""
    return f"torch.arange({_range_text(attrs, args, lambda x, axis: f'{x}.size({axis})')}{dtype}{device})"


def keras_positions(attrs, *args):
    dtype = f', dtype="{attrs["dtype"]}"' if attrs["dtype"] else ""
    return f"keras.ops.arange({_range_text(attrs, args, lambda x, axis: f'keras.ops.shape({x})[{axis}]')}{dtype})"


POSITIONS = (Attr("start", "int", 0), Attr("stop", "int", None, doc="the stop when the source writes a number"),
             Attr("step", "int", 1), Attr("axis", "int", None, doc="else the axis of the input whose length is the stop"),
             Attr("dtype", "str", None, doc="a float dtype; None: integers (PyTorch int64, Keras int32)"))

register(Kind(
    name="positions", family="embedding", is_op=True, sizes_only=True, attrs=POSITIONS, shape=positions_shape,
    spellings=(
        Spelling("torch", "function", "torch.arange",
                 (Arg("start", "start"), Arg("end", "stop"), Arg("step", "step", 1),
                  Arg("dtype", "dtype", None, from_fw=dtype_from_fw), Arg("device", None, None)),
                 positional=("start", "end", "step"),
                 hooks={"bind": bind, "read_sized": read_sized, "read_sized_batch": True,
                        "expression": torch_positions}),
        Spelling("keras", "function", "keras.ops.arange",
                 (Arg("start", "start"), Arg("stop", "stop", None), Arg("step", "step", 1, from_fw=_step),
                  Arg("dtype", "dtype", None, from_fw=dtype_from_fw)),
                 positional=("start", "stop", "step"),
                 hooks={"bind": bind, "read_sized": read_sized, "expression": keras_positions}),
    ),
    doc="the integers start, start + step, ... below the stop: a sequence's positions",
))
