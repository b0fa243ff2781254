"""VGG-style CIFAR network: conv-BN-ReLU pairs with padding=1, max pools, AdaptiveAvgPool2d((1, 1))."""
import torch
import torch.nn as nn


class SmallVGG(nn.Module):
    def __init__(self, num_classes=10, width=32):
        super().__init__()
        layers = []
        in_ch = 3
        for out_ch in (width, width * 2, width * 4):
            layers += [nn.Conv2d(in_ch, out_ch, kernel_size=3, padding=1), nn.BatchNorm2d(out_ch), nn.ReLU(inplace=True)]
            layers += [nn.Conv2d(out_ch, out_ch, kernel_size=3, padding=1), nn.BatchNorm2d(out_ch), nn.ReLU(inplace=True)]
            layers.append(nn.MaxPool2d(2))
            in_ch = out_ch
        self.features = nn.Sequential(*layers)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.classifier = nn.Linear(width * 4, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.classifier(x)
