"""A small segmentation-style net using torch.* functions and tensor methods in forward."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class FunctionalOps(nn.Module):
    def __init__(self, channels=8):
        super().__init__()
        self.stem = nn.Conv2d(3, channels, 3, padding=1)
        self.branch = nn.Conv2d(channels, 2 * channels, 3, padding=1)
        self.head = nn.Conv2d(channels, 4, 1)

    def forward(self, x):
        x = F.relu(self.stem(x))
        skip = x
        x = F.max_pool2d(x, kernel_size=2)
        left, right = torch.chunk(self.branch(x), 2, dim=1)
        x = left * torch.sigmoid(right)
        x = F.interpolate(x, scale_factor=2, mode="nearest")
        x = x + skip
        x = F.pad(x, (1, 1, 1, 1))
        x = F.avg_pool2d(x, 3, stride=1)
        scores = self.head(x)
        pooled = scores.mean(dim=(2, 3), keepdim=True).squeeze(-1).squeeze(-1)
        stacked = torch.stack([pooled, pooled.max(dim=1, keepdim=True)[0].expand_as(pooled)], dim=1)
        return F.normalize(stacked.reshape(stacked.size(0), -1), dim=1), scores.contiguous()


if __name__ == "__main__":
    a, b = FunctionalOps()(torch.randn(2, 3, 16, 16))
    print(a.shape, b.shape)
