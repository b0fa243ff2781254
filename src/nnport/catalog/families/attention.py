"""Multi-head attention: nn.MultiheadAttention <-> keras.layers.MultiHeadAttention.

Canonical inputs are (query, key, value), PyTorch's order; Keras calls (query, value, key)
(hook ``inputs_to_fw`` reorders). PyTorch packs the three input projections in one
``in_proj_weight`` (3E, E); Keras keeps per-projection kernels (E, heads, head_dim).
"""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling
from ...ir.types import TensorType


def attention_shape(attrs, inputs):
    query = inputs[0]
    n_axis, t_axis = (0, 1) if attrs["batch_first"] else (1, 0)
    source_len = inputs[1].shape[t_axis] if len(inputs) > 1 else query.shape[t_axis]
    weights = TensorType((query.shape[n_axis], query.shape[t_axis], source_len),
                         (query.roles[n_axis], query.roles[t_axis], "?2"), query.dtype)
    return [query, weights]


def attention_weights(a):
    e = a["embed_dim"]
    shapes = {"in_proj_weight": (3 * e, e), "out_proj.weight": (e, e)}
    return {**shapes, "in_proj_bias": (3 * e,), "out_proj.bias": (e,)} if a["bias"] else shapes


def to_keras(p, a):
    import numpy as np  # lazily: migration never loads numpy

    e, heads, dim = a["embed_dim"], a["num_heads"], a["head_dim"]
    arrays = []
    for i in range(3):  # query, key, value
        arrays.append(p["in_proj_weight"][i * e:(i + 1) * e].T.reshape(e, heads, dim))
        if a["bias"]:
            arrays.append(p["in_proj_bias"][i * e:(i + 1) * e].reshape(heads, dim))
    arrays.append(p["out_proj.weight"].T.reshape(heads, dim, e))
    if a["bias"]:
        arrays.append(p["out_proj.bias"])
    return {"": [np.ascontiguousarray(x) for x in arrays]}


def from_keras(w, a):
    import numpy as np  # lazily: migration never loads numpy

    arrays, e = list(w[""]), a["embed_dim"]
    step = 2 if a["bias"] else 1
    projections = [arrays[i * step] for i in range(3)]
    found = {"in_proj_weight": np.concatenate([k.reshape(e, e).T for k in projections]),
             "out_proj.weight": np.ascontiguousarray(arrays[3 * step].reshape(e, e).T)}
    if a["bias"]:
        found["in_proj_bias"] = np.concatenate([arrays[i * step + 1].reshape(e) for i in range(3)])
        found["out_proj.bias"] = arrays[-1]
    return found


def keras_inputs_read(inputs):
    """Keras calls (query, value) or (query, value, key), the key the value when not given: the
    canonical (query, key, value)."""
    if len(inputs) == 2:
        return [inputs[0], inputs[1], inputs[1]]
    return [inputs[0], inputs[2], inputs[1]] if len(inputs) == 3 else inputs


def keras_returned(attrs):
    """What a Keras call returns: the attention output (the weights only with return_attention_scores=True,
    which the reader refuses as a call argument it has no slot for)."""
    return [("out", None)]


def refuse_uneven_heads(attrs):
    if None in (attrs["head_dim"], attrs["embed_dim"]):
        return None  # no input type gave them (--allow-partial): the backend says so
    if attrs["head_dim"] * attrs["num_heads"] != attrs["embed_dim"]:
        return "PyTorch needs head_dim * num_heads == embed_dim"
    return None


register(Kind(
    name="multi_head_attention", family="attention",
    attrs=(Attr("embed_dim", "int", inferred=True, of_input=True), Attr("num_heads", "int"),
           Attr("head_dim", "int", None, inferred=True, doc="Keras key_dim; embed_dim // num_heads in PyTorch"),
           Attr("dropout", "float", 0.0), Attr("bias", "bool", True),
           Attr("batch_first", "bool", True, doc="Keras is always batch-first; PyTorch sources set it explicitly")),
    shape=attention_shape,
    infer=lambda a, inputs: {"embed_dim": inputs[0].shape[-1],
                             "head_dim": inputs[0].shape[-1] // a["num_heads"] if inputs[0].shape[-1] else None},
    weights=attention_weights,
    outputs=("out", "weights"),
    spellings=(
        Spelling("torch", "layer", "torch.nn.MultiheadAttention",
                 (Arg("embed_dim", "embed_dim", always=True), Arg("num_heads", "num_heads", always=True),
                  Arg("dropout", "dropout", 0.0), Arg("bias", "bias", True),
                  Arg("batch_first", "batch_first", False, always=True)),
                 positional=("embed_dim", "num_heads", "dropout", "bias"),
                 hooks={"refuse": refuse_uneven_heads}),
        Spelling("keras", "layer", "keras.layers.MultiHeadAttention",
                 (Arg("num_heads", "num_heads", always=True), Arg("key_dim", "head_dim", always=True),
                  Arg("dropout", "dropout", 0.0), Arg("use_bias", "bias", True)),
                 positional=("num_heads", "key_dim", "value_dim", "dropout", "use_bias"),
                 hooks={"params_to_fw": to_keras, "params_from_fw": from_keras,
                        "returned_outputs": keras_returned, "inputs_from_fw": keras_inputs_read,
                        "inputs_to_fw": lambda inputs: [inputs[0], inputs[2], inputs[1]] if len(inputs) == 3 else inputs}),
    ),
    doc="scaled dot-product attention over several heads (PyTorch also returns head-averaged weights)",
))
