"""Satellite-tile classifier for 4-band images: Conv-BN-SiLU blocks, adaptive pooling, flatten."""
import torch
import torch.nn as nn


class TileClassifier(nn.Module):
    def __init__(self, bands=4, classes=10, base=24):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.SiLU(),
                                 nn.MaxPool2d(2))

        self.encoder = nn.Sequential(block(bands, base), block(base, base * 2), block(base * 2, base * 4))
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(base * 4, classes)

    def forward(self, x):
        x = self.encoder(x)
        x = self.pool(x)
        x = torch.flatten(x, start_dim=1)
        return self.fc(x)
