"""All-convolutional net: stride-2 convolutions replace pooling, global average via F.adaptive_avg_pool2d."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AllConvNet(nn.Module):
    def __init__(self, in_channels=3, n_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 48, 3, padding=1)
        self.conv2 = nn.Conv2d(48, 48, 3, stride=2, padding=1)
        self.conv3 = nn.Conv2d(48, 96, 3, padding=1)
        self.conv4 = nn.Conv2d(96, 96, 3, stride=2, padding=1)
        self.conv5 = nn.Conv2d(96, 96, 1)
        self.class_conv = nn.Conv2d(96, n_classes, 1)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = F.relu(self.conv3(x))
        x = F.relu(self.conv4(x))
        x = F.relu(self.conv5(x))
        x = self.class_conv(x)
        x = F.adaptive_avg_pool2d(x, 1)
        return x.view(x.size(0), -1)
