"""CNN whose blocks are registered with add_module(f"block{i}", ...) and fetched with getattr in forward."""
import torch
import torch.nn as nn


class BlockCNN(nn.Module):
    def __init__(self, channels=(16, 32, 64), num_classes=10):
        super().__init__()
        self.n_blocks = len(channels)
        in_ch = 3
        for i, out_ch in enumerate(channels):
            block = nn.Sequential(
                nn.Conv2d(in_ch, out_ch, 3, padding=1),
                nn.BatchNorm2d(out_ch),
                nn.ReLU(),
                nn.MaxPool2d(2),
            )
            self.add_module(f"block{i}", block)
            in_ch = out_ch
        self.head = nn.Linear(in_ch, num_classes)

    def forward(self, x):
        for i in range(self.n_blocks):
            x = getattr(self, f"block{i}")(x)
        x = torch.mean(x, dim=(2, 3))
        return self.head(x)


model = BlockCNN()
