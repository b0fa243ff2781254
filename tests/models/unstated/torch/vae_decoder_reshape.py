"""VAE decoder half: Linear to 64*4*4, reshape(-1, 64, 4, 4), three ConvTranspose2d steps to 32x32 RGB."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class VAEDecoder(nn.Module):
    def __init__(self, z_dim=32):
        super(VAEDecoder, self).__init__()
        self.fc = nn.Linear(z_dim, 64 * 4 * 4)
        self.deconv1 = nn.ConvTranspose2d(64, 64, 4, stride=2, padding=1)
        self.deconv2 = nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1)
        self.deconv3 = nn.ConvTranspose2d(32, 3, 4, stride=2, padding=1)

    def forward(self, z):
        h = F.relu(self.fc(z))
        h = h.reshape(-1, 64, 4, 4)
        h = F.relu(self.deconv1(h))
        h = F.relu(self.deconv2(h))
        return torch.sigmoid(self.deconv3(h))
