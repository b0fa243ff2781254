"""A small segmentation network; the training script elsewhere builds it with its dataset's channels and classes."""
from torch import nn


def conv_block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class TinySegmenter(nn.Module):
    def __init__(self, in_channels, n_classes, width=16):
        super().__init__()
        self.enc1 = conv_block(in_channels, width)
        self.enc2 = conv_block(width, width * 2)
        self.pool = nn.MaxPool2d(2)
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.dec = conv_block(width * 2, width)
        self.classify = nn.Conv2d(width, n_classes, 1)

    def forward(self, x):
        x = self.enc1(x)
        x = self.enc2(self.pool(x))
        x = self.dec(self.up(x))
        return self.classify(x)
