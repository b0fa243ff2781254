"""House-price regressor: Linear, LayerNorm and GELU in an nn.Sequential, one output."""
import torch.nn as nn


class PriceRegressor(nn.Module):
    def __init__(self, in_features=13, hidden=64):
        super(PriceRegressor, self).__init__()
        self.model = nn.Sequential(
            nn.Linear(in_features, hidden),
            nn.LayerNorm(hidden),
            nn.GELU(),
            nn.Linear(hidden, hidden),
            nn.LayerNorm(hidden),
            nn.GELU(),
            nn.Linear(hidden, 1),
        )

    def forward(self, x):
        return self.model(x)


if __name__ == "__main__":
    regressor = PriceRegressor()
