"""Residual MLP blocks with optional projections, decided by constructor constants."""
import torch
import torch.nn as nn


class ResidualBlock(nn.Module):
    def __init__(self, dim_in, dim_out, dropout=0.1):
        super().__init__()
        self.fc1 = nn.Linear(dim_in, dim_out)
        self.act = nn.GELU(approximate="tanh")
        self.fc2 = nn.Linear(dim_out, dim_out)
        self.drop = nn.Dropout(dropout)
        self.proj = nn.Linear(dim_in, dim_out, bias=False) if dim_in != dim_out else None

    def forward(self, x):
        identity = x if self.proj is None else self.proj(x)
        out = self.drop(self.fc2(self.act(self.fc1(x))))
        out += identity
        return out - 0.5 * identity


class ResidualMLP(nn.Module):
    def __init__(self, dims=(10, 32, 32, 16), classes=3):
        super().__init__()
        self.blocks = nn.Sequential(*[ResidualBlock(a, b) for a, b in zip(dims[:-1], dims[1:])])
        self.norm = nn.LayerNorm(dims[-1], eps=1e-6)
        self.out = nn.Linear(dims[-1], classes)

    def forward(self, x):
        return self.out(self.norm(self.blocks(x)))


if __name__ == "__main__":
    print(ResidualMLP()(torch.randn(4, 10)).shape)
