"""Self-attention over a batch-first sequence, mean-pooled into a classifier."""
import torch
from torch import nn


class AttentionClassifier(nn.Module):
    def __init__(self, d_model=16, n_heads=4, n_classes=3, dropout=0.0, **kwargs):
        super().__init__()
        self.attn = nn.MultiheadAttention(d_model, n_heads, dropout=dropout, batch_first=True)
        self.head = nn.Linear(d_model, n_classes)

    def forward(self, x):
        context, _ = self.attn(x, x, x, need_weights=False)
        return self.head(torch.mean(context, dim=1))


model = AttentionClassifier(dropout=0.1)
