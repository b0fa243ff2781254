"""Voxel-grid shape classifier: valid Conv3d and MaxPool3d(2), then a Linear over 32*6*6*6 features."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class VoxNet(nn.Module):
    def __init__(self, n_classes=10):
        super(VoxNet, self).__init__()
        self.conv1 = nn.Conv3d(1, 16, 3)
        self.conv2 = nn.Conv3d(16, 32, 3)
        self.pool = nn.MaxPool3d(2)
        self.fc1 = nn.Linear(32 * 6 * 6 * 6, 128)
        self.fc2 = nn.Linear(128, n_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        return self.fc2(x)
