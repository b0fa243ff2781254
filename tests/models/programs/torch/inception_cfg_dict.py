"""Small GoogLeNet for CIFAR: inception blocks built from a dict of branch widths, registered under f-string names."""
import torch
import torch.nn as nn


class Inception(nn.Module):
    def __init__(self, in_planes, n1x1, n3x3red, n3x3, n5x5red, n5x5, pool_planes):
        super().__init__()
        self.b1 = nn.Sequential(nn.Conv2d(in_planes, n1x1, 1), nn.BatchNorm2d(n1x1), nn.ReLU(True))
        self.b2 = nn.Sequential(
            nn.Conv2d(in_planes, n3x3red, 1), nn.BatchNorm2d(n3x3red), nn.ReLU(True),
            nn.Conv2d(n3x3red, n3x3, 3, padding=1), nn.BatchNorm2d(n3x3), nn.ReLU(True),
        )
        self.b3 = nn.Sequential(
            nn.Conv2d(in_planes, n5x5red, 1), nn.BatchNorm2d(n5x5red), nn.ReLU(True),
            nn.Conv2d(n5x5red, n5x5, 3, padding=1), nn.BatchNorm2d(n5x5), nn.ReLU(True),
            nn.Conv2d(n5x5, n5x5, 3, padding=1), nn.BatchNorm2d(n5x5), nn.ReLU(True),
        )
        self.b4 = nn.Sequential(
            nn.MaxPool2d(3, stride=1, padding=1),
            nn.Conv2d(in_planes, pool_planes, 1), nn.BatchNorm2d(pool_planes), nn.ReLU(True),
        )

    def forward(self, x):
        return torch.cat([self.b1(x), self.b2(x), self.b3(x), self.b4(x)], 1)


# name: (1x1, 3x3 reduce, 3x3, 5x5 reduce, 5x5, pool projection); "pool" marks a stride-2 max pool
INCEPTION_CFG = {
    "3a": (64, 96, 128, 16, 32, 32),
    "3b": (128, 128, 192, 32, 96, 64),
    "pool": None,
    "4a": (192, 96, 208, 16, 48, 64),
    "4b": (160, 112, 224, 24, 64, 64),
    "pool2": None,
    "5a": (256, 160, 320, 32, 128, 128),
}


class GoogLeNet(nn.Module):
    def __init__(self, num_classes=10, cfg=INCEPTION_CFG):
        super().__init__()
        self.pre_layers = nn.Sequential(nn.Conv2d(3, 192, 3, padding=1), nn.BatchNorm2d(192), nn.ReLU(True))
        blocks = nn.Sequential()
        in_planes = 192
        for name, widths in cfg.items():
            if widths is None:
                blocks.add_module(f"maxpool_{name}", nn.MaxPool2d(3, stride=2, padding=1))
                continue
            blocks.add_module(f"inception_{name}", Inception(in_planes, *widths))
            in_planes = widths[0] + widths[2] + widths[4] + widths[5]
        self.blocks = blocks
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.linear = nn.Linear(in_planes, num_classes)

    def forward(self, x):
        out = self.blocks(self.pre_layers(x))
        out = self.avgpool(out)
        return self.linear(out.view(out.size(0), -1))
