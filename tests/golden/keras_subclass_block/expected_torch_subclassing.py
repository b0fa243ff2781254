"""PyTorch code migrated from input.py by nnport."""

import torch
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
        x_1 = self.conv(x_nchw)
        x_2 = self.bn(x_1)
        out = F.relu(x_2)
        out = self.pool(out)
        return out


class ConvBlock_2(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(16, 32, 3, padding=1)
        self.bn = nn.BatchNorm2d(32, eps=0.001, momentum=0.01)
        self.pool = nn.MaxPool2d(2, stride=2)

    def forward(self, x):
        x_1 = self.conv(x)
        x_2 = self.bn(x_1)
        out = F.relu(x_2)
        out = self.pool(out)
        return out


class SmallCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.block1 = ConvBlock()
        self.block2 = ConvBlock_2()
        self.dropout = nn.Dropout(p=0.25)
        self.classifier = nn.Linear(32, 10)

    def forward(self, x):
        x_1 = self.block1(x)
        x_2 = self.block2(x_1)
        out = torch.mean(x_2, (2, 3))
        out = self.dropout(out)
        out = self.classifier(out)
        return out
