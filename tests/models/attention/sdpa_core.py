"""The attention core of a multi-head block on (batch, heads, length, head size) tensors."""
import torch.nn.functional as F
from torch import nn


class AttentionCore(nn.Module):
    def __init__(self, causal=False, scale=None, dropout=0.1):
        super().__init__()
        self.causal = causal
        self.scale = scale
        self.dropout = dropout

    def forward(self, q, k, v):
        p = self.dropout if self.training else 0.0
        return F.scaled_dot_product_attention(q, k, v, dropout_p=p, is_causal=self.causal, scale=self.scale)


model = AttentionCore(causal=True)
