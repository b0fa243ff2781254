"""Function-approximation MLP with Tanh activations (a small physics-informed style regressor)."""
import torch
import torch.nn as nn


class TanhMLP(nn.Module):
    def __init__(self, n_in=2, n_out=1, width=50):
        super().__init__()
        self.l1 = nn.Linear(n_in, width)
        self.l2 = nn.Linear(width, width)
        self.l3 = nn.Linear(width, width)
        self.l4 = nn.Linear(width, n_out)
        self.tanh = nn.Tanh()

    def forward(self, x):
        x = self.tanh(self.l1(x))
        x = self.tanh(self.l2(x))
        x = self.tanh(self.l3(x))
        return self.l4(x)
