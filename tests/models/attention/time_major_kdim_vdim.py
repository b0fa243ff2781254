"""Time-major attention whose key and value have their own widths (kdim, vdim), no biases, per-head weights."""
from torch import nn


class TimeMajor(nn.Module):
    def __init__(self, embed=12, heads=3, key_width=5, value_width=7):
        super().__init__()
        self.attn = nn.MultiheadAttention(embed, heads, kdim=key_width, vdim=value_width, bias=False)

    def forward(self, query, key, value):
        out, weights = self.attn(query, key, value, need_weights=True, average_attn_weights=False)
        return out, weights


model = TimeMajor()
