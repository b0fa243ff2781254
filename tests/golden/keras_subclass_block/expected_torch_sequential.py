"""PyTorch code migrated from input.py by nnport."""

import torch.nn.functional as F
from torch import nn


class ConvBlock(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, padding=1)
        self.bn = nn.BatchNorm2d(16, eps=0.001, momentum=0.01)
        self.pool = nn.MaxPool2d(2, stride=2)

    def forward(self, x):
        x_nchw = x.permute((0, 3, 1, 2))
        x = self.conv(x_nchw)
        x = self.bn(x)
        x = F.relu(x)
        x = self.pool(x)
        return x


class ConvBlock_2(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(16, 32, 3, padding=1)
        self.bn = nn.BatchNorm2d(32, eps=0.001, momentum=0.01)
        self.pool = nn.MaxPool2d(2, stride=2)

    def forward(self, x):
        x = self.conv(x)
        x = self.bn(x)
        x = F.relu(x)
        x = self.pool(x)
        return x


class SmallCNN(nn.Sequential):
    def __init__(self):
        super().__init__(
            ConvBlock(),
            ConvBlock_2(),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
            nn.Dropout(p=0.25),
            nn.Linear(32, 10),
        )
