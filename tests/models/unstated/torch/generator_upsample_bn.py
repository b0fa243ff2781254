"""GAN generator with Linear to an initial 8x8 map and two Upsample + Conv2d + BatchNorm2d stages."""
import torch
import torch.nn as nn


class UpGenerator(nn.Module):
    def __init__(self, latent_dim=100, channels=1, init_size=8):
        super().__init__()
        self.init_size = init_size
        self.l1 = nn.Sequential(nn.Linear(latent_dim, 128 * init_size ** 2))
        self.conv_blocks = nn.Sequential(
            nn.BatchNorm2d(128),
            nn.Upsample(scale_factor=2),
            nn.Conv2d(128, 128, 3, stride=1, padding=1),
            nn.BatchNorm2d(128, 0.8),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Upsample(scale_factor=2),
            nn.Conv2d(128, 64, 3, stride=1, padding=1),
            nn.BatchNorm2d(64, 0.8),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(64, channels, 3, stride=1, padding=1),
            nn.Tanh(),
        )

    def forward(self, z):
        out = self.l1(z)
        out = out.view(out.shape[0], 128, self.init_size, self.init_size)
        return self.conv_blocks(out)
