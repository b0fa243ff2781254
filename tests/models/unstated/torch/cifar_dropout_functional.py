"""CIFAR CNN using F.dropout(training=self.training) and strided pooling, flattened to 64*8*8."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class DropCNN(nn.Module):
    def __init__(self, num_classes=10, p=0.3):
        super().__init__()
        self.p = p
        self.conv1 = nn.Conv2d(3, 32, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, kernel_size=3, padding=1)
        self.fc1 = nn.Linear(64 * 8 * 8, 512)
        self.fc2 = nn.Linear(512, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), kernel_size=2, stride=2)
        x = F.max_pool2d(F.relu(self.conv2(x)), kernel_size=2, stride=2)
        x = F.dropout(x, p=self.p, training=self.training)
        x = x.view(x.size(0), -1)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, p=self.p, training=self.training)
        return self.fc2(x)
