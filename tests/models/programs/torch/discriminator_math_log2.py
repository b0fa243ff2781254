"""Image discriminator whose number of stride-2 convolutions is math.log2 of the image size; widths capped with min()."""
import math

import torch.nn as nn


class Discriminator(nn.Module):
    def __init__(self, image_size=64, in_channels=3, base_width=32, max_width=256):
        super().__init__()
        n_down = int(math.log2(image_size // 4))
        layers = [nn.Conv2d(in_channels, base_width, 4, 2, 1), nn.LeakyReLU(0.2, inplace=True)]
        width = base_width
        for _ in range(n_down - 1):
            next_width = min(width * 2, max_width)
            layers += [
                nn.Conv2d(width, next_width, 4, 2, 1, bias=False),
                nn.BatchNorm2d(next_width),
                nn.LeakyReLU(0.2, inplace=True),
            ]
            width = next_width
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Conv2d(width, 1, 4, 1, 0)

    def forward(self, img):
        return self.classifier(self.features(img)).view(-1, 1)


netD = Discriminator()
