"""Image decoder: latent code through a Linear, .view(-1, 32, 7, 7), two ConvTranspose2d upsamplings."""
import torch
import torch.nn as nn


class Decoder(nn.Module):
    def __init__(self, latent_dim=16):
        super().__init__()
        self.fc = nn.Linear(latent_dim, 32 * 7 * 7)
        self.deconv1 = nn.ConvTranspose2d(32, 16, kernel_size=4, stride=2, padding=1)
        self.deconv2 = nn.ConvTranspose2d(16, 1, kernel_size=4, stride=2, padding=1)

    def forward(self, z):
        x = self.fc(z).view(-1, 32, 7, 7)
        x = torch.relu(self.deconv1(x))
        return torch.sigmoid(self.deconv2(x))
