"""Upsampling generator described by a table of (in, out, kernel, stride, padding) tuples read with enumerate."""
import torch
import torch.nn as nn

LATENT_DIM = 64

# in_channels, out_channels, kernel, stride, padding
GENERATOR_SPEC = [
    (LATENT_DIM, 256, 4, 1, 0),   # 1 -> 4
    (256, 128, 4, 2, 1),          # 4 -> 8
    (128, 64, 4, 2, 1),           # 8 -> 16
    (64, 32, 4, 2, 1),            # 16 -> 32
    (32, 3, 3, 1, 1),             # 32 -> 32, RGB
]


class TableGenerator(nn.Module):
    def __init__(self, spec=GENERATOR_SPEC):
        super().__init__()
        layers = []
        last = len(spec) - 1
        for i, (c_in, c_out, k, s, p) in enumerate(spec):
            if i == last:
                layers += [nn.Conv2d(c_in, c_out, k, s, p), nn.Tanh()]
            else:
                layers += [nn.ConvTranspose2d(c_in, c_out, k, s, p, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(True)]
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        return self.net(z.view(z.size(0), LATENT_DIM, 1, 1))


generator = TableGenerator()
sample = generator(torch.randn(8, LATENT_DIM))
