"""Denoising convolutional autoencoder: forward moves its input with .to(device) and adds randn_like noise only while training."""
import torch
import torch.nn as nn

device = "cuda" if torch.cuda.is_available() else "cpu"


class DenoisingAE(nn.Module):
    def __init__(self, noise_std=0.1):
        super().__init__()
        self.noise_std = noise_std
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1),
            nn.ReLU(True),
            nn.Conv2d(16, 32, 3, stride=2, padding=1),
            nn.ReLU(True),
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1),
            nn.ReLU(True),
            nn.ConvTranspose2d(16, 1, 3, stride=2, padding=1, output_padding=1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        x = x.to(device)
        if self.training:
            x = x + self.noise_std * torch.randn_like(x)
        return self.decoder(self.encoder(x))


model = DenoisingAE().to(device)
if torch.cuda.is_available():
    model = model.cuda()
