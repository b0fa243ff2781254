"""Bidirectional single-layer LSTM regressor over float features, final states joined with torch.cat."""
import torch
import torch.nn as nn


class BiLSTMRegressor(nn.Module):
    def __init__(self, n_features=7, hidden=50):
        super(BiLSTMRegressor, self).__init__()
        self.rnn = nn.LSTM(n_features, hidden, batch_first=True, bidirectional=True)
        self.fc1 = nn.Linear(2 * hidden, 25)
        self.fc2 = nn.Linear(25, 1)

    def forward(self, x):
        _, (h_n, _) = self.rnn(x)
        h = torch.cat((h_n[-2, :, :], h_n[-1, :, :]), dim=1)
        return self.fc2(torch.relu(self.fc1(h)))
