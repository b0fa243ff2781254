"""A sequence tagger stepping an LSTM cell by hand (as in many tutorials)."""
import torch
from torch import nn


class Tagger(nn.Module):
    def __init__(self, n_features=8, hidden=16, n_tags=5):
        super().__init__()
        self.hidden = hidden
        self.cell = nn.LSTMCell(n_features, hidden)
        self.out = nn.Linear(hidden, n_tags)

    def forward(self, x):
        h = torch.zeros(x.size(0), self.hidden)
        c = torch.zeros(x.size(0), self.hidden)
        outputs = []
        for t in range(x.size(1)):
            h, c = self.cell(x[:, t], (h, c))
            outputs.append(h)
        return self.out(torch.stack(outputs, 1))


model = Tagger()
