"""An encoder over time-major input (T, N, C) returning its outputs and final states."""
import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self, input_size=5, hidden_size=7):
        super().__init__()
        self.hidden_size = hidden_size
        self.lstm_cell = nn.LSTMCell(input_size, hidden_size, bias=False)

    def forward(self, src):
        hx = torch.zeros(src.size(1), self.hidden_size)
        cx = torch.zeros(src.size(1), self.hidden_size)
        output = []
        for i in range(src.size(0)):
            hx, cx = self.lstm_cell(src[i], (hx, cx))
            output += [hx]
        return torch.stack(output), hx, cx


model = Encoder()
