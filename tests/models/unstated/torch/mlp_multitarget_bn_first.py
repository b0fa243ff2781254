"""Multi-output regressor that normalises raw features with BatchNorm1d before the first Linear."""
import torch
import torch.nn as nn


class MultiTargetRegressor(nn.Module):
    def __init__(self, n_features=8, n_targets=3, hidden=100):
        super(MultiTargetRegressor, self).__init__()
        self.input_norm = nn.BatchNorm1d(n_features)
        self.body = nn.Sequential(nn.Linear(n_features, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU())
        self.head = nn.Linear(hidden, n_targets)

    def forward(self, x):
        x = self.input_norm(x)
        x = self.body(x)
        return self.head(x)
