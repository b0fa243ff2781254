"""MLP with LayerNorm between layers: ModuleLists built by comprehensions over zip(dims, dims[1:])."""
import torch.nn as nn
import torch.nn.functional as F


class NormMLP(nn.Module):
    def __init__(self, dims=(32, 128, 128, 64, 4)):
        super().__init__()
        dims = list(dims)
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(dims, dims[1:])])
        self.norms = nn.ModuleList(nn.LayerNorm(d) for d in dims[1:-1])

    def forward(self, x):
        for layer, norm in zip(self.layers, self.norms):
            x = F.gelu(norm(layer(x)))
        return self.layers[-1](x)


model = NormMLP()
