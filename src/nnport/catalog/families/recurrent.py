"""Recurrent layers: SimpleRNN / RNN, LSTM, GRU.

Outputs (``Kind.outputs``): ``sequence`` (every step, directions concatenated), ``h_n`` (and
``c_n`` for LSTM) in PyTorch's (layers * directions, N, H) layout, ``last`` (the top layer's final
state, directions concatenated: Keras's return_sequences=False result).

Keras writes one layer per PyTorch layer, Bidirectional-wrapped when bidirectional (hook
``stack_to_fw``); the weight hooks key each Keras layer by its index ("0", "1", ...), or ""
for the layer itself when there is a single one. Gate orders: LSTM i,f,g,o in both; GRU is
r,z,n in PyTorch and z,r,h in Keras, with Keras reset_after=True biases [input; recurrent].
"""
from functools import partial


from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling
from .recurrent_outputs import keras_results, torch_results
from .recurrent_weights import GATES, keras_from_torch, torch_from_keras

from ...ir.types import TensorType


def directions(attrs):
    return 2 if attrs["bidirectional"] else 1


def recurrent_shape(attrs, inputs, with_cell):
    x = inputs[0]
    n_axis, t_axis = (0, 1) if attrs["batch_first"] else (1, 0)
    width = directions(attrs) * attrs["hidden_size"]
    batch, n_role = x.shape[n_axis], x.roles[n_axis]
    sequence = TensorType(x.shape[:-1] + (width,), x.roles, x.dtype)
    state = TensorType((attrs["num_layers"] * directions(attrs), batch, attrs["hidden_size"]),
                       ("?0", n_role, "C"), x.dtype)
    last = TensorType((batch, width), (n_role, "C"), x.dtype)
    return [sequence, state, state, last] if with_cell else [sequence, state, last]


def recurrent_weights(attrs, gates):
    shapes = {}
    rows, hidden = gates * attrs["hidden_size"], attrs["hidden_size"]
    for layer in range(attrs["num_layers"]):
        width = attrs["input_size"] if layer == 0 else directions(attrs) * hidden
        for suffix in ("", "_reverse")[: directions(attrs)]:
            shapes[f"weight_ih_l{layer}{suffix}"] = (rows, width)
            shapes[f"weight_hh_l{layer}{suffix}"] = (rows, hidden)
            if attrs["bias"]:
                shapes[f"bias_ih_l{layer}{suffix}"] = (rows,)
                shapes[f"bias_hh_l{layer}{suffix}"] = (rows,)
    return shapes


def stack_to_fw(attrs):
    """One single-layer attribute set per PyTorch layer: what Keras writes, layer by layer. Lower
    layers return sequences; PyTorch's dropout between layers is the upper layers' input dropout."""
    hidden, top = attrs["hidden_size"], attrs["num_layers"] - 1
    lower = {"return_sequences": True, "return_state": False}
    return [{**attrs, "num_layers": 1, "input_size": attrs["input_size"] if k == 0 else directions(attrs) * hidden,
             "input_dropout": attrs["dropout"] if k else attrs["input_dropout"], **(lower if k < top else {})}
            for k in range(attrs["num_layers"])]


CALL_FORM = ("return_sequences", "return_state", "input_size")


def merge_stack(parts, between=None):
    """The inverse of ``stack_to_fw``: layers each fed the previous one's sequence, as one
    multi-layer PyTorch module, or None when one module cannot do what they do. ``between[k]``
    is the (kind, attrs) of a layer between parts k and k+1, or None; ``between`` None when only
    the weights matter. A Dropout there is PyTorch's dropout between layers."""
    if between is not None and any(b is not None and b[0] != "dropout" for b in between):
        return None
    between = None if between is None else [0.0 if b is None else b[1]["p"] for b in between]
    uppers = [{**p, "input_dropout": p["input_dropout"] or rate}
              for p, rate in zip(parts[1:], between or [0.0] * (len(parts) - 1))]
    if between is not None and any(p["input_dropout"] and rate for p, rate in zip(parts[1:], between)):
        return None  # a Dropout layer then the layer's own input dropout: two dropouts are not one
    rates = {p["input_dropout"] for p in uppers} | {p["dropout"] for p in parts if p["num_layers"] > 1}
    merged = {**parts[0], "num_layers": sum(p["num_layers"] for p in parts), "dropout": max(rates, default=0.0),
              **{k: parts[-1][k] for k in CALL_FORM[:2]}}
    ignored = CALL_FORM + (("dropout", "input_dropout") if between is None else ())
    split = [{k: v for k, v in s.items() if k not in ignored}
             for p in [parts[0]] + uppers for s in stack_to_fw({**p, "dropout": merged["dropout"]})]
    wanted = [{k: v for k, v in s.items() if k not in ignored} for s in stack_to_fw(merged)]
    return merged if split == wanted else None


def bidirectional_to_fw(attrs):
    return "keras.layers.Bidirectional" if attrs["bidirectional"] else None


def outputs_to_fw(used):
    """Keras call arguments that make the layer return the outputs used (names of Kind.outputs)."""
    states = any(o in used for o in ("h_n", "c_n"))
    return {"return_sequences": "sequence" in used, "return_state": states}


def outputs_from_fw(attrs, cell):
    """What a Keras call returns, in order, as (output, index): the output itself (index None) or
    one direction's final state, h_n[index] / c_n[index] (one Keras layer is one PyTorch layer)."""
    first = [("sequence" if attrs["return_sequences"] else "last", None)]
    states = ("h_n", "c_n") if cell else ("h_n",)
    count = 2 if attrs.get("bidirectional") else 1  # read attributes: the defaults are not filled yet
    return first + [(s, d) for d in range(count) for s in states] if attrs["return_state"] else first


def read_bidirectional(arguments, kind, attrs):
    """Keras ``Bidirectional(layer)`` is the wrapped layer with bidirectional=True; ``arguments``
    are the wrapper's arguments the spelling does not map (evaluated). Returns (kind, attrs,
    merge): ``merge`` None for concatenated directions (PyTorch's output), else the ops that make
    Keras's merge_mode from them (``merge_ops``)."""
    if kind not in GATES or attrs.get("bidirectional"):
        raise Inexpressible(f"Bidirectional wrapping {kind} is not translated (SimpleRNN, LSTM or GRU only)")
    mode = arguments.get("merge_mode", "concat")
    if not isinstance(mode, (str, type(None))) or mode not in MERGES:
        raise Inexpressible(f"Bidirectional merge_mode={mode!r} is not one of Keras's ('concat', 'sum', 'mul', "
                            "'ave', None)")
    for name in set(arguments) - {"merge_mode"}:
        raise Inexpressible(f"Bidirectional {name}= is not translated (PyTorch's backward direction mirrors "
                            "the forward layer)")
    return kind, {**attrs, "bidirectional": True}, None if mode == "concat" else merge_ops(mode, attrs["hidden_size"])


MERGES = {"concat": (), "sum": (("merged", "add", {}, ["forward", "backward"]),),
          "mul": (("merged", "mul", {}, ["forward", "backward"]),),
          "ave": (("both", "stack", {"axis": 0}, ["forward", "backward"]),
                  ("merged", "mean", {"axes": (0,), "keepdims": False}, ["both"])), None: ()}


def merge_ops(mode, units):
    """Keras merge modes from the concatenated output ``out``: {"ops": [(name, op kind, attrs,
    inputs: names or constants)], "results": names of what Keras returns in its place}."""
    halves = [("forward", "getitem", {"index": ("...", (None, units, None))}, ["out"]),
              ("backward", "getitem", {"index": ("...", (units, None, None))}, ["out"])]
    return {"ops": halves + list(MERGES[mode]), "results": ["forward", "backward"] if mode is None else ["merged"]}


def refuse_reset_before(attrs):
    if not attrs.get("reset_after", True):
        return "GRU reset_after=False has no PyTorch equivalent (PyTorch applies the reset gate after the matmul)"
    return None


COMMON = (
    Attr("input_size", "int", inferred=True, of_input=True), Attr("hidden_size", "int"), Attr("num_layers", "int", 1),
    Attr("bias", "bool", True),
    Attr("batch_first", "bool", True, doc="Keras is always batch-first; PyTorch sources set it explicitly"),
    Attr("dropout", "float", 0.0, doc="between stacked layers (PyTorch's meaning)"),
    Attr("bidirectional", "bool", False),
    Attr("input_dropout", "float", 0.0, neutral=True, doc="Keras dropout= (on each layer's inputs)"),
    Attr("recurrent_dropout", "float", 0.0, neutral=True),
    Attr("return_sequences", "bool", False, doc="Keras call form only; writers derive it from the outputs used"),
    Attr("return_state", "bool", False, doc="Keras call form only"),
)

TORCH_ARGS = (Arg("input_size", "input_size", always=True), Arg("hidden_size", "hidden_size", always=True),
              Arg("num_layers", "num_layers", 1, by_position=True), Arg("bias", "bias", True),
              Arg("batch_first", "batch_first", False, always=True), Arg("dropout", "dropout", 0.0),
              Arg("bidirectional", "bidirectional", False))
KERAS_ARGS = (Arg("units", "hidden_size", always=True, aliases=("output_dim",)),
              Arg("use_bias", "bias", True, aliases=("bias",)),
              Arg("dropout", "input_dropout", 0.0, aliases=("dropout_W",)),
              Arg("recurrent_dropout", "recurrent_dropout", 0.0, aliases=("dropout_U",)),
              Arg("return_sequences", "return_sequences", False), Arg("return_state", "return_state", False))


# Keras's wrapper, read as the wrapped layer (hook read_wrapped); it is registered once, on lstm
BIDIRECTIONAL = Spelling("keras", "layer", "keras.layers.Bidirectional", (Arg("merge_mode", None, "concat"),),
                         positional=("layer", "merge_mode"), hooks={"read_wrapped": read_bidirectional})


def recurrent_kind(name, torch_cls, keras_cls, extra_attrs=(), torch_extra=(), keras_extra=(), torch_hooks=None,
                   wrappers=()):
    gates = GATES[name]
    torch_args = TORCH_ARGS[:3] + torch_extra + TORCH_ARGS[3:]  # nn.RNN: nonlinearity after num_layers
    return Kind(
        name=name, family="recurrent", attrs=COMMON + extra_attrs, spatial=(1,),  # (N, T, C)
        shape=partial(recurrent_shape, with_cell=name == "lstm"),
        infer=lambda a, inputs: {"input_size": inputs[0].shape[-1]},
        weights=partial(recurrent_weights, gates=gates),
        outputs=("sequence", "h_n", "c_n", "last") if name == "lstm" else ("sequence", "h_n", "last"),
        spellings=(
            # layout "last": a batch-first layer reads (N, T, C) (a time-major one (T, N, C))
            Spelling("torch", "layer", f"torch.nn.{torch_cls}", torch_args,
                     positional=tuple(a.name for a in torch_args), layout="last",
                     hooks={**(torch_hooks or {}), "results": partial(torch_results, cell=name == "lstm"),
                            "merge_stack": merge_stack}),
            # layout "last": Keras reads (N, T, C) only, so a time-major source input is permuted first
            Spelling("keras", "layer", f"keras.layers.{keras_cls}", KERAS_ARGS[:1] + keras_extra + KERAS_ARGS[1:],
                     positional=("units",), layout="last",
                     hooks={"params_to_fw": partial(keras_from_torch, name),
                            "params_from_fw": partial(torch_from_keras, name),
                            "stack_to_fw": stack_to_fw, "outputs_to_fw": outputs_to_fw,
                            "wrap_to_fw": bidirectional_to_fw,
                            "returned_outputs": partial(outputs_from_fw, cell=name == "lstm"),
                            "results": partial(keras_results, cell=name == "lstm")}),
            *wrappers,
        ),
        doc=f"{torch_cls} / {keras_cls}",
    )


# torch adds two biases where Keras has one: both get the same gradient, so their sum moves twice
# as far per SGD step; migrated from Keras, the second (zero after the weight conversion) is frozen
# (and Keras' bias, the variable path ending ``keras_cell_bias``, is stepped twice: training_biases)
ONE_BIAS = {"keras_one_bias": "bias_hh"}
SIMPLE_RNN = recurrent_kind("simple_rnn", "RNN", "SimpleRNN", (Attr("nonlinearity", "str", "tanh"),),
                            (Arg("nonlinearity", "nonlinearity", "tanh"),), (Arg("activation", "nonlinearity", "tanh"),),
                            torch_hooks={**ONE_BIAS, "keras_cell_bias": "simple_rnn_cell/bias"})
LSTM = recurrent_kind("lstm", "LSTM", "LSTM", torch_hooks={**ONE_BIAS, "keras_cell_bias": "lstm_cell/bias"},
                      wrappers=(BIDIRECTIONAL,))
GRU = recurrent_kind("gru", "GRU", "GRU", (Attr("reset_after", "bool", True),), (),
                     (Arg("reset_after", "reset_after", True, always=True),), torch_hooks={"refuse": refuse_reset_before})
register(SIMPLE_RNN, LSTM, GRU)
