"""Configurable MLP: hidden layer sizes from a tuple default, layers kept in an nn.ModuleList."""
import torch
import torch.nn as nn


class ConfigurableMLP(nn.Module):
    def __init__(self, input_size=20, hidden_sizes=(128, 64, 32), output_size=2, dropout=0.1):
        super().__init__()
        self.hidden = nn.ModuleList()
        prev = input_size
        for size in hidden_sizes:
            self.hidden.append(nn.Linear(prev, size))
            prev = size
        self.dropout = nn.Dropout(dropout)
        self.output = nn.Linear(prev, output_size)

    def forward(self, x):
        for layer in self.hidden:
            x = self.dropout(torch.relu(layer(x)))
        return self.output(x)
