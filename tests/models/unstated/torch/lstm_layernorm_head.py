"""LSTM encoder with LayerNorm on the last output step, then a GELU MLP head."""
import torch
import torch.nn as nn


class NormedLSTM(nn.Module):
    def __init__(self, input_dim=16, hidden_dim=96, num_classes=3):
        super().__init__()
        self.lstm = nn.LSTM(input_dim, hidden_dim, num_layers=1, batch_first=True)
        self.norm = nn.LayerNorm(hidden_dim)
        self.head = nn.Sequential(nn.Linear(hidden_dim, 64), nn.GELU(), nn.Linear(64, num_classes))

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        z = self.norm(out[:, -1])
        return self.head(z)
