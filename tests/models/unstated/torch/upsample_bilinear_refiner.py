"""Super-resolution refiner: bilinear nn.Upsample(scale_factor=2) then 5x5 (padding=2) and 3x3 convolutions."""
import torch
import torch.nn as nn


class SRNet(nn.Module):
    def __init__(self, channels=3, features=32):
        super().__init__()
        self.upsample = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)
        self.conv1 = nn.Conv2d(channels, features, kernel_size=5, padding=2)
        self.conv2 = nn.Conv2d(features, features // 2, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(features // 2, channels, kernel_size=3, padding=1)
        self.relu = nn.ReLU(inplace=True)

    def forward(self, x):
        x = self.upsample(x)
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        return self.conv3(x)
