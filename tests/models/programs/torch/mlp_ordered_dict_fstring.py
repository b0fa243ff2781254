"""MLP built by a helper from a list of sizes: an OrderedDict with f-string layer names, enumerate over zip of sizes."""
from collections import OrderedDict

import torch.nn as nn


def make_mlp(sizes, activation=nn.ReLU, dropout=0.0):
    layers = OrderedDict()
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers[f"fc{i}"] = nn.Linear(n_in, n_out)
        if i < len(sizes) - 2:
            layers[f"act{i}"] = activation()
            if dropout > 0:
                layers[f"drop{i}"] = nn.Dropout(dropout)
    return nn.Sequential(layers)


model = make_mlp([784, 256, 128, 10], dropout=0.1)
print(model)
