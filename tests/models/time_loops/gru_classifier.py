"""Classifies a sequence from the last state of a GRU cell run over x.unbind(1)."""
import torch
from torch import nn

CONFIG = {"features": 6, "hidden": 12, "classes": 3}


class GRUClassifier(nn.Module):
    def __init__(self, features, hidden, classes, **kwargs):
        super().__init__()
        self.hidden_size = hidden
        self.rnn = nn.GRUCell(input_size=features, hidden_size=hidden)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x):
        batch = x.shape[0]
        h = torch.zeros(batch, self.hidden_size, device=x.device)
        for x_t in x.unbind(1):
            h = self.rnn(x_t, h)
        return self.head(torch.relu(h))


model = GRUClassifier(**CONFIG)
