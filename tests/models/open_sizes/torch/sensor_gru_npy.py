"""Sensor regression with a GRU; the number of channels is the last axis of the recorded array."""
import numpy as np
import torch
from torch import nn

recordings = np.load("recordings.npy")  # (runs, steps, channels)
targets = np.load("targets.npy")
n_channels = recordings.shape[-1]
HIDDEN = 48


class SensorGRU(nn.Module):
    def __init__(self, n_channels, hidden=HIDDEN, layers=1):
        super().__init__()
        self.gru = nn.GRU(n_channels, hidden, num_layers=layers, batch_first=True)
        self.norm = nn.LayerNorm(hidden)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.head(self.norm(out[:, -1]))


net = SensorGRU(n_channels)
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
x = torch.from_numpy(recordings).float()
y = torch.from_numpy(targets).float().unsqueeze(-1)
for epoch in range(10):
    opt.zero_grad()
    loss = nn.functional.mse_loss(net(x), y)
    loss.backward()
    opt.step()
