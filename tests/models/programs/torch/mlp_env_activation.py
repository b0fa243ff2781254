"""MLP whose hidden size and activation are read from the environment; the activation class is looked up in a dict."""
import os

import torch.nn as nn

HIDDEN = os.environ.get("HIDDEN", 64)
ACTIVATION = os.environ.get("ACTIVATION", "gelu")
ACTIVATIONS = {"relu": nn.ReLU, "gelu": nn.GELU, "silu": nn.SiLU, "tanh": nn.Tanh}


class EnvMLP(nn.Module):
    def __init__(self, in_features=784, out_features=10):
        super().__init__()
        hidden = int(HIDDEN)
        act = ACTIVATIONS[ACTIVATION]
        self.body = nn.Sequential(
            nn.Flatten(),
            nn.Linear(in_features, hidden),
            act(),
            nn.Linear(hidden, hidden),
            act(),
        )
        self.head = nn.Linear(hidden, out_features)

    def forward(self, x):
        return self.head(self.body(x))


net = EnvMLP()
