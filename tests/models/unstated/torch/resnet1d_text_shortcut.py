"""Token classifier with a residual Conv1d block whose shortcut is an empty nn.Sequential()."""
import torch
import torch.nn as nn


class ResidualConv1d(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, 5, padding=2)
        self.bn = nn.BatchNorm1d(channels)
        self.shortcut = nn.Sequential()

    def forward(self, x):
        return torch.relu(self.bn(self.conv(x)) + self.shortcut(x))


class ResTokenNet(nn.Module):
    def __init__(self, vocab_size=3000, dim=64, num_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, dim)
        self.block1 = ResidualConv1d(dim)
        self.block2 = ResidualConv1d(dim)
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.fc = nn.Linear(dim, num_classes)

    def forward(self, x):
        x = self.embedding(x).permute(0, 2, 1)
        x = self.block2(self.block1(x))
        x = self.pool(x).squeeze(-1)
        return self.fc(x)
