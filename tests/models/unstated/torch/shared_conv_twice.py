"""Weight-tied CNN: the same 3x3 convolution and the same activation module applied twice."""
import torch
import torch.nn as nn


class TiedConvNet(nn.Module):
    def __init__(self, in_channels=3, channels=32, num_classes=10):
        super().__init__()
        self.stem = nn.Conv2d(in_channels, channels, 3, padding=1)
        self.shared = nn.Conv2d(channels, channels, 3, padding=1)
        self.act = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.gap = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(channels, num_classes)

    def forward(self, x):
        x = self.act(self.stem(x))
        x = self.pool(self.act(self.shared(x)))
        x = self.pool(self.act(self.shared(x)))
        x = self.gap(x)
        x = x.flatten(1)
        return self.fc(x)
