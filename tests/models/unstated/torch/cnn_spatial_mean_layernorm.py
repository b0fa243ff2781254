"""Conv encoder with GELU, spatial mean over (H, W), then LayerNorm and a linear classifier."""
import torch
import torch.nn as nn


class ConvEncoderClassifier(nn.Module):
    def __init__(self, in_chans=3, dim=64, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_chans, dim, kernel_size=4, stride=4)
        self.conv2 = nn.Conv2d(dim, dim, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(dim, dim * 2, kernel_size=2, stride=2)
        self.act = nn.GELU()
        self.norm = nn.LayerNorm(dim * 2)
        self.head = nn.Linear(dim * 2, num_classes)

    def forward(self, x):
        x = self.conv1(x)
        x = self.act(self.conv2(x))
        x = self.act(self.conv3(x))
        x = x.mean(dim=(2, 3))
        x = self.norm(x)
        return self.head(x)
