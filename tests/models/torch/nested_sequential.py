"""Nested nn.Sequential blocks at module level, built by a helper."""
import torch
import torch.nn as nn

CHANNELS = [16, 32, 64]


def block(cin, cout):
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel_size=3, padding=1),
        nn.BatchNorm2d(cout, momentum=0.05, eps=1e-3),
        nn.ELU(),
        nn.MaxPool2d(2),
    )


encoder = nn.Sequential(*[block(cin, cout) for cin, cout in zip([3] + CHANNELS[:-1], CHANNELS)])
model = nn.Sequential(
    encoder,
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(CHANNELS[-1], 5),
)

if __name__ == "__main__":
    print(model(torch.randn(2, 3, 32, 32)).shape)
