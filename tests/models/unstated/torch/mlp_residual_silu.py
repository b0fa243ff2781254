"""Residual MLP: SiLU blocks with LayerNorm, each adding its input back (out + x)."""
import torch
import torch.nn as nn


class ResidualBlock(nn.Module):
    def __init__(self, dim, dropout=0.1):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fc1 = nn.Linear(dim, dim * 2)
        self.fc2 = nn.Linear(dim * 2, dim)
        self.act = nn.SiLU()
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        out = self.fc2(self.drop(self.act(self.fc1(self.norm(x)))))
        return out + x


class ResMLP(nn.Module):
    def __init__(self, in_features=32, dim=128, depth=3, out_features=1):
        super().__init__()
        self.inp = nn.Linear(in_features, dim)
        self.blocks = nn.Sequential(*[ResidualBlock(dim) for _ in range(depth)])
        self.out = nn.Linear(dim, out_features)

    def forward(self, x):
        return self.out(self.blocks(self.inp(x)))
