"""Multivariate LSTM forecaster: the number of features is read from an array loaded with numpy; zero states in forward."""
import numpy as np
import torch
import torch.nn as nn

windows = np.load("windows.npy")  # (samples, timesteps, features)
targets = np.load("targets.npy")
n_samples, n_steps, n_features = windows.shape


class LSTMForecaster(nn.Module):
    def __init__(self, n_features, hidden_size=64, num_layers=1, horizon=1):
        super().__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.lstm = nn.LSTM(n_features, hidden_size, num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, horizon)

    def forward(self, x):
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size)
        c0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size)
        out, (hn, cn) = self.lstm(x, (h0, c0))
        return self.head(hn[-1])


model = LSTMForecaster(n_features)
x = torch.tensor(windows, dtype=torch.float32)
y = torch.tensor(targets, dtype=torch.float32).reshape(-1, 1)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(20):
    optimizer.zero_grad()
    loss = nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
