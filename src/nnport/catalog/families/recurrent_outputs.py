"""How each framework's recurrent call returns the outputs of the recurrent-outputs convention.

Hook ``results(attrs, used, inputs) -> dict`` on a recurrent layer spelling, applied by the
legalize pass (which rewrites the forward graph with it):
  ``attrs``   the layer's attributes for this call (Keras return_sequences / return_state)
  ``slots``   [(name, type)]: what the call returns, flattened, in order
  ``unpack``  nesting of slot indices in the call's result (``(0, (1, 2))``: ``out, (h, c)``),
              None when the call returns one tensor
  ``derive``  [(name, op kind or None, op attrs, input names)]: ops computing the convention's
              outputs (``sequence``, ``h_n``, ``c_n``, ``last``) from slots; kind None aliases
  ``before``  [(kind, attrs)] applied to the input first (time-major input made batch-first)
Raises ``Inexpressible`` for a combination the framework cannot return.
"""
from ..schema import Inexpressible
from ...ir.types import TensorType


def _directions(attrs):
    return 2 if attrs["bidirectional"] else 1


def _last_from_states(attrs, h_n):
    """Top layer's final state, directions concatenated (the backward one is not x[:, -1])."""
    if _directions(attrs) == 1:
        return [("last", "getitem", {"index": -1}, [h_n])]
    return [("h_forward", "getitem", {"index": -2}, [h_n]), ("h_backward", "getitem", {"index": -1}, [h_n]),
            ("last", "concat", {"axis": "C"}, ["h_forward", "h_backward"])]


def torch_results(attrs, used, inputs, cell):
    """nn.LSTM returns ``output, (h_n, c_n)``; nn.GRU / nn.RNN ``output, h_n``."""
    from .recurrent import recurrent_shape
    types = recurrent_shape(attrs, inputs, cell)
    slots = [("sequence", types[0]), ("h_n", types[1])] + ([("c_n", types[2])] if cell else [])
    derive = [(name, None, {}, [name]) for name, _ in slots if name in used]
    if "last" in used:
        derive += _last_from_states(attrs, "h_n")
    return {"attrs": attrs, "slots": slots, "unpack": (0, (1, 2)) if cell else (0, 1), "derive": derive}


def keras_results(attrs, used, inputs, cell):
    """Keras returns ``out`` or ``[out, h, (c,)]`` per direction; one Keras layer per PyTorch layer."""
    x = inputs[0]
    batch_first = attrs["batch_first"]
    swap = (1, 0) + tuple(range(2, x.rank))  # time-major (T, N, C) <-> batch-first, by position
    before = [] if batch_first else [("permute", {"dims": swap})]
    if not batch_first:
        x = x.permuted(swap)
    need_seq = "sequence" in used
    need_states = bool({"h_n", "c_n"} & set(used)) or ("last" in used and need_seq and _directions(attrs) == 2)
    if need_states and attrs["num_layers"] > 1:
        raise Inexpressible("the final states of a stacked recurrent layer (Keras writes one layer per "
                            "PyTorch layer and returns only the top one's states); use its output instead")
    width = _directions(attrs) * attrs["hidden_size"]
    out = TensorType(x.shape[:-1] + (width,), x.roles, x.dtype) if need_seq else \
        TensorType((x.shape[0], width), (x.roles[0], "C"), x.dtype)
    state = TensorType((x.shape[0], attrs["hidden_size"]), (x.roles[0], "C"), x.dtype)
    slots = [("out", out)]
    if need_states:
        for direction in ("forward", "backward")[:_directions(attrs)]:
            slots += [(f"h_{direction}", state)] + ([(f"c_{direction}", state)] if cell else [])
    derive = _keras_derive(attrs, used, need_seq, swap, out.roles)
    new = {**attrs, "batch_first": True, "return_sequences": need_seq, "return_state": need_states}
    return {"attrs": new, "slots": slots, "unpack": None, "derive": derive, "before": before}


def _keras_derive(attrs, used, need_seq, swap, out_roles):
    derive = []
    if need_seq:
        time_major = not attrs["batch_first"]
        derive.append(("sequence", "permute" if time_major else None, {"dims": swap} if time_major else {}, ["out"]))
    if "last" in used and not need_seq:
        derive.append(("last", None, {}, ["out"]))
    elif "last" in used and _directions(attrs) == 1:
        index = tuple(-1 if r == "T" else (None, None, None) for r in out_roles)
        derive.append(("last", "getitem", {"index": index}, ["out"]))
    elif "last" in used:
        derive.append(("last", "concat", {"axis": "C"}, ["h_forward", "h_backward"]))
    directions = ("forward", "backward")[:_directions(attrs)]
    for state in ("h", "c"):
        if f"{state}_n" in used:
            derive.append((f"{state}_n", "stack", {"axis": 0}, [f"{state}_{d}" for d in directions]))
    return derive
