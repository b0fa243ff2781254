"""Time-major self-attention with a key padding mask (True: the position is left out)."""
from torch import nn


class PaddedSelfAttention(nn.Module):
    def __init__(self, d_model=16, nhead=4):
        super().__init__()
        self.attn = nn.MultiheadAttention(d_model, nhead)

    def forward(self, src, padding_mask):
        out, weights = self.attn(src, src, src, key_padding_mask=padding_mask)
        return out, weights


model = PaddedSelfAttention()
