"""Traffic-sign CNN with ELU activations and dropout; the dense layer expects 128 maps of 4x4."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class SignNet(nn.Module):
    def __init__(self, n_classes=43):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, kernel_size=5)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3)
        self.conv3 = nn.Conv2d(64, 128, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(128 * 4 * 4, 256)
        self.fc2 = nn.Linear(256, n_classes)

    def forward(self, x):
        x = F.max_pool2d(F.elu(self.conv1(x)), 2)
        x = F.max_pool2d(F.elu(self.conv2(x)), 2)
        x = F.max_pool2d(F.elu(self.conv3(x)), 2)
        x = x.view(-1, 128 * 4 * 4)
        x = F.dropout(x, p=0.5, training=self.training)
        x = F.elu(self.fc1(x))
        return self.fc2(x)
