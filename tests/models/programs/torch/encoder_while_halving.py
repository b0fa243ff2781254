"""Convolutional encoder that halves the feature map in a while loop until it reaches a minimum size."""
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, in_channels=3, image_size=64, base=16, min_size=4, latent_dim=128):
        super().__init__()
        layers = []
        ch, out, size = in_channels, base, image_size
        while size > min_size:
            layers += [nn.Conv2d(ch, out, 4, 2, 1), nn.BatchNorm2d(out), nn.LeakyReLU(0.2)]
            ch, out, size = out, out * 2, size // 2
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(ch * size * size, latent_dim)

    def forward(self, x):
        h = self.features(x)
        return self.fc(h.flatten(start_dim=1))


encoder = Encoder()
