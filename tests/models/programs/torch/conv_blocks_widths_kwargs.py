"""A conv block class with its own parameters, stacked from a widths tuple; options reach the blocks through **kwargs."""
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, in_ch, out_ch, stride=1, p=0.1):
        super().__init__()
        self.conv = nn.Conv2d(in_ch, out_ch, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(out_ch)
        self.drop = nn.Dropout(p)

    def forward(self, x):
        return self.drop(F.relu(self.bn(self.conv(x))))


class SmallConvNet(nn.Module):
    def __init__(self, widths=(16, 32, 64), num_classes=10, **block_options):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, padding=1), nn.ReLU())
        blocks = []
        in_ch = widths[0]
        for w in widths:
            blocks.append(ConvBlock(in_ch, w, **block_options))
            in_ch = w
        self.features = nn.Sequential(*blocks)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(in_ch, num_classes)

    def forward(self, x):
        x = self.features(self.stem(x))
        x = self.pool(x).flatten(1)
        return self.classifier(x)


def small_convnet(**kwargs):
    return SmallConvNet(p=0.2, **kwargs)
