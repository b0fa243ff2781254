"""Residual MLP blocks built by a comprehension; the head's forward reads a constructor value (self.hidden)."""
import torch
from torch import nn


class ResidualBlock(nn.Module):
    def __init__(self, dim, expansion=4, dropout=0.0, eps=1e-5):
        super().__init__()
        self.norm = nn.LayerNorm(dim, eps=eps)
        self.fc1 = nn.Linear(dim, dim * expansion)
        self.fc2 = nn.Linear(dim * expansion, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        h = self.fc2(torch.relu(self.fc1(self.norm(x))))
        return x + self.drop(h)


class Head(nn.Module):
    def __init__(self, hidden, classes):
        super().__init__()
        self.hidden = hidden
        self.fc = nn.Linear(hidden * 2, classes)

    def forward(self, x):
        x = x.reshape(-1, self.hidden * 2)
        return self.fc(x)


class ResidualMLP(nn.Module):
    def __init__(self, in_features, dim=32, depth=3, classes=5):
        super().__init__()
        self.embed = nn.Linear(in_features, dim)
        self.blocks = nn.ModuleList([ResidualBlock(dim, dropout=0.1) for _ in range(depth)])
        self.head = Head(dim // 2, classes)

    def forward(self, x):
        x = self.embed(x)
        for block in self.blocks:
            x = block(x)
        return self.head(x)


model = ResidualMLP(20)
