"""Image denoiser: padded convolutions predict the noise, which is subtracted from the input."""
import torch
import torch.nn as nn


class DnCNN(nn.Module):
    def __init__(self, channels=1, features=32, depth=5):
        super().__init__()
        layers = [nn.Conv2d(channels, features, 3, padding=1), nn.ReLU(inplace=True)]
        for _ in range(depth - 2):
            layers += [nn.Conv2d(features, features, 3, padding=1, bias=False), nn.BatchNorm2d(features),
                       nn.ReLU(inplace=True)]
        layers.append(nn.Conv2d(features, channels, 3, padding=1))
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        noise = self.body(x)
        return x - noise
