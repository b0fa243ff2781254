"""An Elman RNN cell (ReLU) whose steps are joined by torch.cat of unsqueezed outputs."""
import torch
from torch import nn


def build(**kwargs):
    return StepRNN(kwargs.get("features", 4), kwargs.get("hidden", 10))


class StepRNN(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.hidden = hidden
        self.cell = nn.RNNCell(features, hidden, nonlinearity="relu")

    def forward(self, inputs):
        seq_len = inputs.size(1)
        state = torch.zeros(inputs.size(0), self.hidden)
        steps = []
        for t in range(seq_len):
            step = inputs[:, t, :]
            state = self.cell(step, state)
            steps.append(state.unsqueeze(1))
        return torch.cat(steps, dim=1)


model = build(hidden=10)
