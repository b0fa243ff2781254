"""Scaled dot-product attention as a function: F.scaled_dot_product_attention -> keras.ops.dot_product_attention.

PyTorch reads (N, heads, L, E), Keras (B, T, heads, H): the Keras expression swaps the heads and
time axes around the call. Both compute softmax(q k^T * scale) v with the scale 1/sqrt(E) by
default and the same causal mask; a boolean mask means "may attend" in both (the opposite of
nn.MultiheadAttention's masks), but masks and dropout are not translated yet (refused).
"""
from ...ir.types import TensorType
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling

SWAP = "(0, 2, 1, 3)"  # (N, heads, L, E) <-> (N, L, heads, E)


def sdpa_shape(attrs, inputs):
    query, value = inputs[0], inputs[2]
    if any(t.rank != 4 for t in inputs[:3]):
        raise ValueError("scaled dot-product attention is translated for (N, heads, L, E) inputs only")
    return [TensorType(query.shape[:-1] + (value.shape[-1],), query.roles, query.dtype)]


def keras_expression(attrs, query, key, value):
    options = "".join([", is_causal=True" if attrs["is_causal"] else "",
                       f", scale={attrs['scale']!r}" if attrs["scale"] is not None else ""])
    swapped = ", ".join(f"keras.ops.transpose({t}, {SWAP})" for t in (query, key, value))
    return f"keras.ops.transpose(keras.ops.dot_product_attention({swapped}{options}), {SWAP})"


def refuse_dropout(attrs):
    if attrs["dropout"]:
        return (f"dropout_p={attrs['dropout']} drops attention weights in every mode in PyTorch; Keras's "
                "dot_product_attention has no dropout (give 0.0 in eval mode: dropout_p=p if self.training "
                "else 0.0)")
    return None


register(Kind(
    name="scaled_dot_product_attention", family="attention", is_op=True,
    attrs=(Attr("is_causal", "bool", False), Attr("scale", "float", None, doc="None: 1 / sqrt(E)"),
           Attr("dropout", "float", 0.0)),
    shape=sdpa_shape,
    spellings=(
        Spelling("torch", "function", "torch.nn.functional.scaled_dot_product_attention",
                 (Arg("attn_mask", None, None), Arg("dropout_p", "dropout", 0.0), Arg("is_causal", "is_causal", False),
                  Arg("scale", "scale", None)),
                 positional=("query", "key", "value", "attn_mask", "dropout_p", "is_causal", "scale")),
        Spelling("keras", "function", "keras.ops.dot_product_attention", read=False,
                 hooks={"expression": keras_expression, "refuse": refuse_dropout}),
    ),
    doc="softmax(q k^T * scale) v over (N, heads, L, E) inputs",
))
