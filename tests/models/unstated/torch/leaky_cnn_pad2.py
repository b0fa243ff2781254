"""Grayscale image classifier: 5x5 kernels with padding=2, LeakyReLU(0.2), AvgPool2d down to 7x7."""
import torch
import torch.nn as nn


class LeakyCNN(nn.Module):
    def __init__(self, num_classes=26):
        super(LeakyCNN, self).__init__()
        self.conv1 = nn.Conv2d(1, 20, 5, padding=2)
        self.conv2 = nn.Conv2d(20, 40, 5, padding=2)
        self.pool = nn.AvgPool2d(2)
        self.act = nn.LeakyReLU(0.2)
        self.fc = nn.Linear(40 * 7 * 7, num_classes)

    def forward(self, x):
        x = self.pool(self.act(self.conv1(x)))
        x = self.pool(self.act(self.conv2(x)))
        x = x.view(x.size(0), 40 * 7 * 7)
        return self.fc(x)
