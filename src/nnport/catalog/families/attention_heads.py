"""Keras multi-head attention whose heads are not embed_dim / num_heads wide, for PyTorch.

``layers.MultiHeadAttention(num_heads, key_dim=embed_dim)`` (keras-io's transformer blocks) has
heads of ``key_dim`` each, ``num_heads * key_dim`` wide together, which ``nn.MultiheadAttention``
cannot hold (its heads share ``embed_dim``). PyTorch's multi_head_attention spelling rewrites such
a layer into this kind, written as a small module next to the model: nn.MultiheadAttention's
parameters (``in_proj_weight`` ... whose weight layout multi_head_attention's entry converts) and
its call and results (``(out, weights)``), with ``num_heads * head_dim`` inside in place of
``embed_dim``.
"""
from dataclasses import replace

from ..registry import register
from ..schema import Arg, Kind, Spelling
from .attention import ATTRS, KERAS_ATTENTION, attention_shape
from .attention_weights import attention_weights

CLASS = "MultiHeadAttention"
HELPER = '''class MultiHeadAttention(nn.Module):
    """nn.MultiheadAttention (batch-first) with heads of head_dim each, num_heads * head_dim wide
    together (keras.layers.MultiHeadAttention's key_dim): the same parameters, calls and results."""

    def __init__(self, embed_dim, num_heads, head_dim, dropout=0.0, bias=True, kdim=None, vdim=None):
        super().__init__()
        self.num_heads, self.head_dim, self.dropout = num_heads, head_dim, dropout
        inner, kdim, vdim = num_heads * head_dim, kdim or embed_dim, vdim or embed_dim
        if kdim == vdim == embed_dim:
            self.in_proj_weight = nn.Parameter(torch.empty(3 * inner, embed_dim))
            nn.init.xavier_uniform_(self.in_proj_weight)
        else:
            self.q_proj_weight = nn.Parameter(nn.init.xavier_uniform_(torch.empty(inner, embed_dim)))
            self.k_proj_weight = nn.Parameter(nn.init.xavier_uniform_(torch.empty(inner, kdim)))
            self.v_proj_weight = nn.Parameter(nn.init.xavier_uniform_(torch.empty(inner, vdim)))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * inner)) if bias else None
        self.out_proj = nn.Linear(inner, embed_dim, bias=bias)

    def heads(self, x, i):
        """Projection i (query, key, value) of x, split into heads: (N, heads, T, head_dim)."""
        packed = getattr(self, "in_proj_weight", None)
        weight = packed.chunk(3)[i] if packed is not None else (self.q_proj_weight, self.k_proj_weight,
                                                                 self.v_proj_weight)[i]
        bias = self.in_proj_bias.chunk(3)[i] if self.in_proj_bias is not None else None
        return F.linear(x, weight, bias).unflatten(-1, (self.num_heads, self.head_dim)).transpose(1, 2)

    def forward(self, query, key, value, key_padding_mask=None, attn_mask=None, average_attn_weights=True):
        q, k, v = self.heads(query, 0), self.heads(key, 1), self.heads(value, 2)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.head_dim)
        masks = [attn_mask, None if key_padding_mask is None else key_padding_mask[:, None, None, :]]
        for mask in (m for m in masks if m is not None):  # True (bool) or -inf (float): left out
            scores = scores.masked_fill(mask, float("-inf")) if mask.dtype == torch.bool else scores + mask
        weights = F.dropout(scores.softmax(dim=-1), self.dropout, self.training)
        out = self.out_proj((weights @ v).transpose(1, 2).flatten(2))
        return out, weights.mean(dim=1) if average_attn_weights else weights'''


def helper(name_of):
    """Hook ``helper_to_fw``: the class written next to the model, with the imports it uses."""
    for dotted in ("math.sqrt", "torch.nn.Module", "torch.nn.functional.linear", "torch.empty"):
        name_of(dotted)
    return CLASS, HELPER


register(Kind(
    name="sized_head_attention", family="attention", attrs=ATTRS, shape=attention_shape,
    weights=attention_weights, spatial=(1,), input_widths=("embed_dim", "kdim", "vdim"), mask_inputs=(3,),
    outputs=("out", "weights"),
    spellings=(
        Spelling("torch", "layer", f"nnport.{CLASS}",
                 (Arg("embed_dim", "embed_dim", always=True), Arg("num_heads", "num_heads", always=True),
                  Arg("head_dim", "head_dim", always=True), Arg("dropout", "dropout", 0.0), Arg("bias", "bias", True),
                  Arg("kdim", "kdim", None), Arg("vdim", "vdim", None)),
                 positional=("embed_dim", "num_heads", "head_dim", "dropout", "bias", "kdim", "vdim"), layout="last",
                 hooks={"helper_to_fw": helper}),
        replace(KERAS_ATTENTION, read=False),  # read as multi_head_attention
    ),
    doc="multi-head attention with heads of their own width (Keras key_dim), written for PyTorch as a module",
))
