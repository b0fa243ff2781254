"""Binary image classifier downsampling only with stride-2 convolutions, then a sized Linear and sigmoid."""
import torch
import torch.nn as nn


class StridedCNN(nn.Module):
    def __init__(self, in_channels=3):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(in_channels, 16, 3, 2, 1),
            nn.ReLU(),
            nn.Conv2d(16, 32, 3, 2, 1),
            nn.ReLU(),
            nn.Conv2d(32, 64, 3, 2, 1),
            nn.ReLU(),
        )
        self.fc = nn.Linear(64 * 8 * 8, 1)

    def forward(self, x):
        x = self.conv(x)
        x = x.view(x.size(0), -1)
        return torch.sigmoid(self.fc(x))


model = StridedCNN()
