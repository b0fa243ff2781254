"""EfficientNet-style network: a base stage table scaled by width and depth multipliers with math.ceil, squeeze-excitation."""
import math

import torch
import torch.nn as nn

# expand_ratio, channels, repeats, stride, kernel_size
BASE_MODEL = [
    (1, 16, 1, 1, 3),
    (6, 24, 2, 2, 3),
    (6, 40, 2, 2, 5),
    (6, 80, 3, 2, 3),
    (6, 112, 3, 1, 5),
    (6, 192, 4, 2, 5),
    (6, 320, 1, 1, 3),
]

# phi, resolution, drop rate
PHI_VALUES = {"b0": (0, 224, 0.2), "b1": (0.5, 240, 0.2), "b2": (1, 260, 0.3)}


def round_filters(filters, width_mult, divisor=8):
    filters *= width_mult
    new_filters = max(divisor, int(filters + divisor / 2) // divisor * divisor)
    if new_filters < 0.9 * filters:
        new_filters += divisor
    return int(new_filters)


def round_repeats(repeats, depth_mult):
    return int(math.ceil(depth_mult * repeats))


class ConvBNAct(nn.Sequential):
    def __init__(self, in_ch, out_ch, kernel_size, stride=1, groups=1, act=True):
        super().__init__(
            nn.Conv2d(in_ch, out_ch, kernel_size, stride, kernel_size // 2, groups=groups, bias=False),
            nn.BatchNorm2d(out_ch),
            nn.SiLU() if act else nn.Identity(),
        )


class SqueezeExcitation(nn.Module):
    def __init__(self, channels, reduced):
        super().__init__()
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, reduced, 1)
        self.fc2 = nn.Conv2d(reduced, channels, 1)

    def forward(self, x):
        s = torch.sigmoid(self.fc2(nn.functional.silu(self.fc1(self.pool(x)))))
        return x * s


class MBConv(nn.Module):
    def __init__(self, in_ch, out_ch, expand_ratio, stride, kernel_size, reduction=4):
        super().__init__()
        hidden = in_ch * expand_ratio
        self.use_residual = stride == 1 and in_ch == out_ch
        layers = []
        if expand_ratio != 1:
            layers.append(ConvBNAct(in_ch, hidden, 1))
        layers += [
            ConvBNAct(hidden, hidden, kernel_size, stride, groups=hidden),
            SqueezeExcitation(hidden, max(1, in_ch // reduction)),
            ConvBNAct(hidden, out_ch, 1, act=False),
        ]
        self.block = nn.Sequential(*layers)

    def forward(self, x):
        out = self.block(x)
        return x + out if self.use_residual else out


class EfficientNet(nn.Module):
    def __init__(self, width_mult=1.0, depth_mult=1.0, dropout=0.2, num_classes=1000):
        super().__init__()
        stem = round_filters(32, width_mult)
        layers = [ConvBNAct(3, stem, 3, stride=2)]
        in_ch = stem
        for expand, channels, repeats, stride, k in BASE_MODEL:
            out_ch = round_filters(channels, width_mult)
            for i in range(round_repeats(repeats, depth_mult)):
                layers.append(MBConv(in_ch, out_ch, expand, stride if i == 0 else 1, k))
                in_ch = out_ch
        last = round_filters(1280, width_mult)
        layers.append(ConvBNAct(in_ch, last, 1))
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Sequential(nn.Dropout(dropout), nn.Linear(last, num_classes))

    def forward(self, x):
        x = self.pool(self.features(x))
        return self.classifier(torch.flatten(x, 1))


def _efficientnet(version, **kwargs):
    phi, _resolution, drop_rate = PHI_VALUES[version]
    alpha, beta = 1.2, 1.1
    return EfficientNet(width_mult=beta ** phi, depth_mult=alpha ** phi, dropout=drop_rate, **kwargs)


def efficientnet_b0(**kwargs):
    return _efficientnet("b0", **kwargs)


def efficientnet_b1(**kwargs):
    return _efficientnet("b1", **kwargs)
