"""Inception-style module: 1x1, 3x3 (padding=1) and 5x5 (padding=2) branches concatenated on channels."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class InceptionNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super().__init__()
        self.stem = nn.Conv2d(in_channels, 32, 3, padding=1)
        self.branch1 = nn.Conv2d(32, 16, kernel_size=1)
        self.branch3 = nn.Conv2d(32, 24, kernel_size=3, padding=1)
        self.branch5 = nn.Conv2d(32, 8, kernel_size=5, padding=2)
        self.branch_pool = nn.Conv2d(32, 8, kernel_size=1)
        self.fc = nn.Linear(56, num_classes)

    def forward(self, x):
        x = F.relu(self.stem(x))
        b1 = F.relu(self.branch1(x))
        b3 = F.relu(self.branch3(x))
        b5 = F.relu(self.branch5(x))
        bp = F.relu(self.branch_pool(F.max_pool2d(x, 3, stride=1, padding=1)))
        x = torch.cat([b1, b3, b5, bp], 1)
        x = F.adaptive_avg_pool2d(x, (1, 1))
        x = x.view(x.size(0), -1)
        return self.fc(x)
