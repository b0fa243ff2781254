"""Cross-attention of queries over a memory, returning the head-averaged attention map."""
from torch import nn

HPARAMS = {"embed_dim": 16, "num_heads": 2, "batch_first": True}


class CrossAttention(nn.Module):
    def __init__(self, hparams):
        super().__init__()
        self.attention = nn.MultiheadAttention(hparams["embed_dim"], hparams["num_heads"],
                                               batch_first=hparams["batch_first"])

    def forward(self, queries, memory):
        attended, attention_map = self.attention(queries, memory, memory)
        return attended, attention_map


model = CrossAttention(HPARAMS)
