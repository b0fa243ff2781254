"""Image classifier ending in nn.AvgPool2d(4) over the last 4x4 maps instead of an adaptive pool."""
import torch
import torch.nn as nn


class PoolHeadNet(nn.Module):
    def __init__(self, num_classes=100):
        super().__init__()
        self.block1 = nn.Sequential(nn.Conv2d(3, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2))
        self.block2 = nn.Sequential(nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(), nn.MaxPool2d(2))
        self.block3 = nn.Sequential(nn.Conv2d(128, 256, 3, padding=1), nn.BatchNorm2d(256), nn.ReLU(), nn.MaxPool2d(2))
        self.pool = nn.AvgPool2d(4)
        self.fc = nn.Linear(256, num_classes)

    def forward(self, x):
        x = self.block3(self.block2(self.block1(x)))
        x = self.pool(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)
