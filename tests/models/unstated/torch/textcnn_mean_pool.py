"""Fast text CNN: embedding, one convolution with GELU, average over time with x.mean(dim=2)."""
import torch
import torch.nn as nn


class MeanPoolCNN(nn.Module):
    def __init__(self, vocab=8000, dim=96, filters=128, width=5, classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.conv = nn.Conv1d(dim, filters, width, padding=2)
        self.act = nn.GELU()
        self.drop = nn.Dropout(p=0.3)
        self.head = nn.Linear(filters, classes)

    def forward(self, x):
        x = self.embed(x)
        x = x.transpose(1, 2)
        x = self.act(self.conv(x))
        x = x.mean(dim=2)
        return self.head(self.drop(x))
