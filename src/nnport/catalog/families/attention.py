"""Multi-head attention: nn.MultiheadAttention <-> keras.layers.MultiHeadAttention.

Canonical inputs are (query, key, value), PyTorch's order; Keras calls (query, value, key): the
``results`` hooks write each framework's call (``call``: a template over the inputs) and read
back (``inputs_from_fw``). Outputs: ``out`` and ``weights``, PyTorch's: averaged over the heads
(N, T, S) by default, per head (N, H, T, S) with ``average_weights`` False; Keras returns the
per-head scores with return_attention_scores=True, averaged after the call for PyTorch's.
PyTorch packs the three input projections in one ``in_proj_weight`` (3E, E) when key and value
have the query's width (else ``q_proj_weight`` / ``k_proj_weight`` / ``v_proj_weight``); Keras
keeps per-projection kernels (width, heads, head_dim). Weights: attention_weights.py.
Masks: PyTorch's key_padding_mask (N, S) and attn_mask (L, S) leave out where True (bool) or -inf
(float, added to the scores); Keras attends where True. attn_mask is written as Keras's
attention_mask through logical_not (bool) or isfinite (float: exact for masks of 0 and -inf, what
generate_square_subsequent_mask gives); the key padding mask then goes to value_mask. is_causal is
PyTorch's hint that attn_mask is causal: the mask itself is translated.
"""
from ...ir.types import TensorType
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling
from .attention_weights import attention_weights, from_keras, to_keras

SWAP = {"dims": (1, 0, 2)}  # (T, N, E) <-> (N, T, E)


def attention_shape(attrs, inputs):
    query, key = inputs[0], inputs[1] if len(inputs) > 1 else inputs[0]
    if len(inputs) < 3:
        raise ValueError("multi-head attention is called with a query, a key and a value (Keras: query, value)")
    if any(t.rank != 3 for t in inputs[:3]):
        raise ValueError("multi-head attention reads sequences (N, T, E) or (T, N, E) (query, key and value)")
    n_axis, t_axis = (0, 1) if attrs["batch_first"] else (1, 0)
    width = attrs.get("output_dim") or query.shape[-1]
    out = TensorType(query.shape[:-1] + (width,), query.roles, query.dtype)
    batch, steps = (query.shape[n_axis], query.roles[n_axis]), (query.shape[t_axis], query.roles[t_axis])
    if attrs["average_weights"]:
        weights = TensorType((batch[0], steps[0], key.shape[t_axis]), (batch[1], steps[1], "?2"), query.dtype)
    else:
        weights = TensorType((batch[0], attrs["num_heads"], steps[0], key.shape[t_axis]),
                             (batch[1], "?1", steps[1], "?3"), query.dtype)
    return [out, weights]


def infer(attrs, inputs):
    width = inputs[0].shape[-1]
    key, value = (inputs[i].shape[-1] if len(inputs) > i else width for i in (1, 2))
    return {"embed_dim": width, "head_dim": width // attrs["num_heads"] if width else None,
            "kdim": None if key == width else key, "vdim": None if value == width else value}  # None: the query's


def torch_results(attrs, used, inputs):
    """nn.MultiheadAttention returns ``(out, weights)``; per-head weights need
    average_attn_weights=False in the call."""
    types = attention_shape(attrs, inputs)
    per_head = "" if attrs["average_weights"] else ", average_attn_weights=False"
    written = {**attrs, "average_weights": True, "attn_mask": False}  # the call's arguments say them
    masks = _masks(attrs, inputs)
    call = "{obj}({0}, {1}, {2}" + "".join(f", {arg}={{{i}}}" for arg, i in
                                          (("key_padding_mask", masks[0]), ("attn_mask", masks[1])) if i is not None)
    return {"attrs": written, "slots": [("out", types[0]), ("weights", types[1])], "unpack": (0, 1),
            "derive": [(name, None, {}, [name]) for name in ("out", "weights") if name in used],
            "call": call + per_head + ")"}


def _masks(attrs, inputs) -> tuple:
    """Input positions of (key_padding_mask, attn_mask), None where the call has none."""
    attn = len(inputs) - 1 if attrs.get("attn_mask") else None
    return (3 if len(inputs) > 3 and attn != 3 else None), attn


def keras_results(attrs, used, inputs):
    """Keras reads batch-first (query, value, key) and returns ``out`` or ``(out, scores)`` with
    the per-head scores (N, H, T, S)."""
    time_major = not attrs["batch_first"]
    flat = {**attrs, "batch_first": True, "average_weights": True, "attn_mask": False}  # the call says them
    if time_major:
        inputs = [t.permuted((1, 0, 2)) for t in inputs[:3]] + inputs[3:]
    types = attention_shape({**flat, "average_weights": False}, inputs)
    scores = "weights" in used
    padding, attn = _masks(attrs, inputs)  # PyTorch's masks: True (or -inf) left out; Keras's: True attends
    masks = {3: [("logical_not", {}), ("unsqueeze", {"axis": 1})]} if padding is not None and attn is None else \
        {3: [("logical_not", {})]} if padding is not None else {}
    if attn is not None:
        if inputs[attn] is not None and inputs[attn].rank != 2:
            raise Inexpressible(f"attn_mask of rank {inputs[attn].rank} (one mask per batch item and head): Keras's "
                                "attention_mask holds one per batch item, for every head")
        masks[attn] = [("logical_not" if inputs[attn].dtype == "bool" else "isfinite", {})]
    call = "{obj}({0}, {2}, {1}" + (f", value_mask={{{padding}}}" if padding is not None and attn is not None else
                                    ", attention_mask={3}" if padding is not None else "") + \
        (f", attention_mask={{{attn}}}" if attn is not None else "") + \
        (", return_attention_scores=True)" if scores else ")")
    slots = [("o", types[0])] + ([("scores", types[1])] if scores else [])
    derive = [("out", "permute" if time_major else None, SWAP if time_major else {}, ["o"])] if "out" in used else []
    if scores:
        derive.append(("weights", "mean", {"axes": (1,), "keepdims": False}, ["scores"]) if attrs["average_weights"]
                      else ("weights", None, {}, ["scores"]))
    return {"attrs": flat, "slots": slots, "unpack": (0, 1) if scores else None, "derive": derive, "call": call,
            "before_each": {**({i: [("permute", SWAP)] for i in range(3)} if time_major else {}), **masks}}


def refuse_float_masks(attrs, inputs, producers):
    """Keras's attention_mask is boolean: a float attn_mask (added to the scores) is written as
    isfinite(mask), which says the same only for masks of 0 and -inf."""
    _, attn = _masks(attrs, inputs)
    if attn is None or inputs[attn] is None or inputs[attn].dtype == "bool" or inputs[attn].rank != 2 \
            or producers[attn] <= {"square_subsequent_mask"}:
        return None  # a mask of another rank is refused by the call's writer
    return (f"a float attn_mask (from {', '.join(sorted(producers[attn]))}) is added to the attention scores; Keras "
            "takes a boolean mask, the same only for masks of 0 and -inf such as generate_square_subsequent_mask "
            "gives: pass a boolean mask (True: left out)")


def refuse_for_torch(attrs):
    if None in (attrs["head_dim"], attrs["embed_dim"]):
        return None  # no input type gave them (--allow-partial): the backend says so
    if attrs["value_dim"] not in (None, attrs["head_dim"]):
        return f"value_dim={attrs['value_dim']} differs from key_dim={attrs['head_dim']}: PyTorch's heads share one size"
    if attrs["output_dim"] not in (None, attrs["embed_dim"]):
        return f"output_shape={attrs['output_dim']}: PyTorch's output has the query's width {attrs['embed_dim']}"
    return None


def sized_heads(attrs, _inputs):
    """Hook ``rewrite``: heads not embed_dim / num_heads wide (Keras key_dim=embed_dim) are written
    as a module of their own (attention_heads.py)."""
    if None in (attrs["head_dim"], attrs["embed_dim"]) or attrs["head_dim"] * attrs["num_heads"] == attrs["embed_dim"]:
        return None
    if not attrs["batch_first"]:
        raise Inexpressible("heads of their own width are written batch-first only")
    return {"kind": "sized_head_attention"}


def refuse_for_keras(attrs):
    for name in ("add_bias_kv", "add_zero_attn"):
        if attrs[name]:
            return f"{name}=True (a learned or zero key/value step appended to the sequence) has no Keras argument"
    return None


def keras_inputs(tensors):
    """Keras (query, value[, key]) as canonical (query, key, value)."""
    return [tensors[0], tensors[-1], tensors[1]] if len(tensors) in (2, 3) else tensors  # else the shape rule says


def _output_shape(value):
    if isinstance(value, (tuple, list)) and len(value) == 1:
        value = value[0]
    if value is not None and not isinstance(value, int):
        raise Inexpressible(f"output_shape={value!r}: only one output width is translated")
    return value


ATTRS = (Attr("embed_dim", "int", inferred=True, of_input=True), Attr("num_heads", "int"),
         Attr("head_dim", "int", None, inferred=True, doc="Keras key_dim; embed_dim // num_heads in PyTorch"),
         Attr("kdim", "int", None, doc="the key's width (None: the query's)"),
         Attr("vdim", "int", None, doc="the value's width (None: the query's)"),
         Attr("value_dim", "int", None, doc="Keras value_dim (None: key_dim)"),
         Attr("output_dim", "int", None, doc="Keras output_shape (None: the query's width)"),
         Attr("dropout", "float", 0.0), Attr("bias", "bool", True),
         Attr("add_bias_kv", "bool", False), Attr("add_zero_attn", "bool", False),
         Attr("batch_first", "bool", True, doc="Keras is always batch-first; PyTorch sources set it explicitly"),
         Attr("average_weights", "bool", True, doc="PyTorch's average_attn_weights= of the call"),
         Attr("attn_mask", "bool", False, doc="an attention mask (L, S) follows the inputs (PyTorch's attn_mask=)"))
KERAS_ATTENTION = Spelling(
    "keras", "layer", "keras.layers.MultiHeadAttention",
    (Arg("num_heads", "num_heads", always=True), Arg("key_dim", "head_dim", always=True),
     Arg("value_dim", "value_dim", None), Arg("dropout", "dropout", 0.0), Arg("use_bias", "bias", True),
     Arg("output_shape", "output_dim", None, from_fw=_output_shape)),
    positional=("num_heads", "key_dim", "value_dim", "dropout", "use_bias", "output_shape"), layout="last",
    hooks={"params_to_fw": to_keras, "params_from_fw": from_keras, "refuse": refuse_for_keras,
           "refuse_inputs": refuse_float_masks, "results": keras_results, "inputs_from_fw": keras_inputs,
           "returned_outputs": lambda attrs: [("out", None)]})

register(Kind(
    name="multi_head_attention", family="attention", attrs=ATTRS,
    shape=attention_shape, infer=infer, weights=attention_weights, spatial=(1,),
    input_widths=("embed_dim", "kdim", "vdim"), mask_inputs=(3,),
    outputs=("out", "weights"),
    spellings=(
        Spelling("torch", "layer", "torch.nn.MultiheadAttention",
                 (Arg("embed_dim", "embed_dim", always=True), Arg("num_heads", "num_heads", always=True),
                  Arg("dropout", "dropout", 0.0), Arg("bias", "bias", True),
                  Arg("add_bias_kv", "add_bias_kv", False), Arg("add_zero_attn", "add_zero_attn", False),
                  Arg("kdim", "kdim", None), Arg("vdim", "vdim", None),
                  Arg("batch_first", "batch_first", False, always=True)),
                 positional=("embed_dim", "num_heads", "dropout", "bias", "add_bias_kv", "add_zero_attn", "kdim",
                             "vdim", "batch_first"), layout="last",
                 hooks={"refuse": refuse_for_torch, "rewrite": sized_heads, "results": torch_results,
                        "call_keywords": {"need_weights": ("ignored", None), "key_padding_mask": ("input", 3),
                                          "attn_mask": ("appended", "attn_mask"), "is_causal": ("ignored", None),
                                          "average_attn_weights": ("attr", "average_weights")}}),
        KERAS_ATTENTION,
    ),
    doc="scaled dot-product attention over several heads (PyTorch also returns head-averaged weights)",
))
