"""Tabular classifier: Linear -> BatchNorm1d -> ReLU -> Dropout, twice, then the output layer."""
import torch
import torch.nn as nn


class TabularMLP(nn.Module):
    def __init__(self, n_features=54, n_classes=7, hidden=256, dropout=0.3):
        super().__init__()
        self.fc1 = nn.Linear(n_features, hidden)
        self.bn1 = nn.BatchNorm1d(hidden)
        self.fc2 = nn.Linear(hidden, hidden // 2)
        self.bn2 = nn.BatchNorm1d(hidden // 2)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden // 2, n_classes)

    def forward(self, x):
        x = self.drop(torch.relu(self.bn1(self.fc1(x))))
        x = self.drop(torch.relu(self.bn2(self.fc2(x))))
        return self.out(x)
