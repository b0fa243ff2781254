"""Sub-pixel convolution super-resolution network; the class is defined here and built by a training script elsewhere."""
import torch.nn as nn
import torch.nn.init as init


class ESPCN(nn.Module):
    def __init__(self, upscale_factor, num_channels=1, features=64):
        super(ESPCN, self).__init__()
        self.feature_maps = nn.Sequential(
            nn.Conv2d(num_channels, features, kernel_size=5, padding=2),
            nn.Tanh(),
            nn.Conv2d(features, features // 2, kernel_size=3, padding=1),
            nn.Tanh(),
        )
        self.sub_pixel = nn.Sequential(
            nn.Conv2d(features // 2, num_channels * (upscale_factor ** 2), kernel_size=3, padding=1),
            nn.PixelShuffle(upscale_factor),
        )
        self._init_weights()

    def _init_weights(self):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                init.orthogonal_(m.weight, init.calculate_gain("tanh"))
                init.zeros_(m.bias)

    def forward(self, x):
        x = self.feature_maps(x)
        return self.sub_pixel(x)
