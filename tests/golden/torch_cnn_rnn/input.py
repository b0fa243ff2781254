"""Sensor-signal classifier: 1-D convolutions extract features, a GRU reads them in time order."""
import torch
import torch.nn as nn


class ConvGRU(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(6, 16, kernel_size=5, padding=2)
        self.conv2 = nn.Conv1d(16, 32, kernel_size=3, padding=1)
        self.pool = nn.MaxPool1d(2)
        self.gru = nn.GRU(32, 24, batch_first=True)
        self.head = nn.Linear(24, 5)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = x.permute(0, 2, 1)
        _, h = self.gru(x)
        return self.head(h[-1])


if __name__ == "__main__":
    model = ConvGRU()
    print(model(torch.randn(2, 6, 64)).shape)
