"""Seismic event classifier: conv blocks in a Sequential, mean over time, ELU head."""
import torch
import torch.nn as nn


def conv_block(c_in, c_out):
    return nn.Sequential(nn.Conv1d(c_in, c_out, 5, padding=2), nn.BatchNorm1d(c_out), nn.ELU(), nn.MaxPool1d(2))


class SeismicNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=3):
        super().__init__()
        self.encoder = nn.Sequential(
            conv_block(in_channels, 16),
            conv_block(16, 32),
            conv_block(32, 64),
        )
        self.head = nn.Sequential(nn.Linear(64, 32), nn.ELU(), nn.Linear(32, num_classes))

    def forward(self, x):
        x = self.encoder(x)
        x = x.mean(-1)
        return self.head(x)
