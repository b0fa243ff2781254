"""Fraud detector MLP: LeakyReLU(0.2) layers in an nn.Sequential, sigmoid probability out."""
import torch
import torch.nn as nn


class FraudNet(nn.Module):
    def __init__(self, input_dim=30):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(input_dim, 64),
            nn.LeakyReLU(0.2),
            nn.Dropout(0.2),
            nn.Linear(64, 32),
            nn.LeakyReLU(0.2),
            nn.Linear(32, 1),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.layers(x)
