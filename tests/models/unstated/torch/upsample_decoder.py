"""Decoder that upsamples with nn.Upsample(scale_factor=2) followed by padded 3x3 convolutions."""
import torch
import torch.nn as nn


class UpsampleDecoder(nn.Module):
    def __init__(self, latent_dim=64, channels=3):
        super().__init__()
        self.fc = nn.Linear(latent_dim, 128 * 4 * 4)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv1 = nn.Conv2d(128, 64, 3, padding=1)
        self.conv2 = nn.Conv2d(64, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, channels, 3, padding=1)

    def forward(self, z):
        x = self.fc(z)
        x = x.view(x.size(0), 128, 4, 4)
        x = torch.relu(self.conv1(self.up(x)))
        x = torch.relu(self.conv2(self.up(x)))
        x = self.conv3(self.up(x))
        return torch.tanh(x)
