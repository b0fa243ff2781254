"""Image classifier whose width and depth come from environment variables with defaults (WIDTH, DEPTH)."""
import os

import torch
import torch.nn as nn

WIDTH = int(os.environ.get("WIDTH", 32))
DEPTH = int(os.environ.get("DEPTH", "3"))
NUM_CLASSES = 10


def conv_bn(in_ch, out_ch):
    return nn.Sequential(
        nn.Conv2d(in_ch, out_ch, kernel_size=3, padding=1, bias=False),
        nn.BatchNorm2d(out_ch),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


class EnvCNN(nn.Module):
    def __init__(self):
        super().__init__()
        blocks = []
        in_ch = 3
        for i in range(DEPTH):
            out_ch = WIDTH * 2 ** i
            blocks.append(conv_bn(in_ch, out_ch))
            in_ch = out_ch
        self.features = nn.Sequential(*blocks)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(in_ch, NUM_CLASSES)

    def forward(self, x):
        x = self.pool(self.features(x))
        return self.fc(x.flatten(1))


model = EnvCNN()
