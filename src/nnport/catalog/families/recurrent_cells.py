"""Recurrent cells run over the time axis: nn.LSTMCell / nn.GRUCell / nn.RNNCell.

A forward that runs a cell over every time step from zero states (``for x_t in x.unbind(1):
h, c = self.cell(x_t, (h, c))``) computes exactly the one-layer recurrent layer holding the
cell's weights; the PyTorch frontend reads such a loop as one call of the cell scanned over the
sequence (frontends/torch/time_loops.py). A cell kind is its recurrent kind with PyTorch's cell
class and weight names (``weight_ih`` for ``weight_ih_l0``): PyTorch writes the layer (nn.LSTM,
hook ``rewrite``), Keras writes keras.layers.LSTM ... with a comment saying why (``note_to_fw``).
Hook ``scan_step`` on the cell spelling: how many states the cell's call carries ((h, c) or h).
"""
from dataclasses import replace
from functools import partial

from ..registry import register
from ..schema import Arg, Inexpressible, Param, Spelling
from .recurrent import GRU, LSTM, SIMPLE_RNN

WEIGHTS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def scan_shape(layer_shape, attrs, inputs):
    if len(inputs) != 1:  # a Keras cell applied to one step with its states
        raise ValueError("a recurrent cell applied to one step with its states is not translated (a cell scanned "
                         "over the sequence is: a PyTorch loop over time steps, keras.layers.RNN(cell))")
    return layer_shape(attrs, inputs)


def read_rnn(arguments, kind, attrs):
    """``keras.layers.RNN(cell)`` is the cell scanned over the sequence: its recurrent layer
    (``lstm_cell`` -> ``lstm``) with the wrapper's call form. Returns (kind, attrs, merge)."""
    if not kind.endswith("_cell"):
        raise Inexpressible(f"keras.layers.RNN wrapping {kind} is not translated (LSTMCell, GRUCell or SimpleRNNCell "
                            "only)")
    read = {"return_sequences": False, "return_state": False}
    for name, value in arguments.items():
        if name not in read and value:
            raise Inexpressible(f"RNN {name}={value!r} is not translated")
        read[name] = bool(value) if name in read else None
    return kind.removesuffix("_cell"), {**attrs, **{k: v for k, v in read.items() if v is not None}}, None


RNN = Spelling("keras", "layer", "keras.layers.RNN",
               (Arg("return_sequences", None, False), Arg("return_state", None, False)),
               positional=("cell", "return_sequences", "return_state", "go_backwards", "stateful", "unroll"),
               hooks={"read_wrapped": read_rnn})


def cell_kind(layer, states: int, extra_args=(), wrappers=()):
    """The cell kind of recurrent ``layer`` (a Kind built by ``recurrent_kind``)."""
    torch_layer, keras_layer = layer.spelling("torch"), layer.spelling("keras")
    cls = f"{torch_layer.name}Cell"
    args = (Arg("input_size", "input_size", always=True), Arg("hidden_size", "hidden_size", always=True),
            Arg("bias", "bias", True)) + extra_args
    torch_cell = Spelling("torch", "layer", cls, args, positional=tuple(a.name for a in args),
                          params=tuple(Param(w, f"{w}_l0") for w in WEIGHTS), layout="last",
                          hooks={"rewrite": lambda attrs, inputs: {"kind": layer.name, "attrs": attrs},
                                 "scan_step": lambda: states})
    short = cls.rpartition(".")[2]
    note = (f"the source's loop over {short} from zero states is a plain scan: written as "
            f"{keras_layer.name.rpartition('.')[2]}")
    returned = keras_layer.hooks["returned_outputs"]
    keras_scan = replace(keras_layer, read=False, hooks={
        **keras_layer.hooks, "note_to_fw": lambda attrs: note,
        "returned_outputs": lambda attrs: returned({"return_sequences": False, "return_state": False, **attrs})})
    keras_cell = Spelling("keras", "layer", f"{keras_layer.name}Cell",  # read inside keras.layers.RNN only
                          tuple(a for a in keras_layer.args if a.name in ("units", "use_bias", "activation",
                                                                             "reset_after")), positional=("units",))
    return replace(layer, name=f"{layer.name}_cell", spellings=(torch_cell, keras_scan, keras_cell, *wrappers),
                   shape=partial(scan_shape, layer.shape),
                   doc=f"{short} run over the time axis in a loop / {keras_layer.name.rpartition('.')[2]}")


register(
    cell_kind(SIMPLE_RNN, 1, (Arg("nonlinearity", "nonlinearity", "tanh"),)),
    cell_kind(LSTM, 2, wrappers=(RNN,)),
    cell_kind(GRU, 1),
)
