"""Remaining-useful-life regressor over multichannel sensor windows, global max via torch.amax."""
import torch
import torch.nn as nn


class RULRegressor(nn.Module):
    def __init__(self, n_sensors=14, hidden=32):
        super().__init__()
        self.conv1 = nn.Conv1d(n_sensors, hidden, kernel_size=5, padding=2)
        self.conv2 = nn.Conv1d(hidden, hidden, kernel_size=5, padding=2)
        self.act = nn.LeakyReLU(0.2)
        self.dense = nn.Linear(hidden, 16)
        self.out = nn.Linear(16, 1)

    def forward(self, x):
        x = self.act(self.conv1(x))
        x = self.act(self.conv2(x))
        x = torch.amax(x, dim=2)
        x = self.act(self.dense(x))
        return self.out(x)
