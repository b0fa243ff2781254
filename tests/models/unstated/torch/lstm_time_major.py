"""Sequence regressor with a time-major LSTM (batch_first not set): input is (seq_len, batch, features)."""
import torch
import torch.nn as nn


class TimeMajorLSTM(nn.Module):
    def __init__(self, n_features=10, hidden_dim=32, n_outputs=1):
        super().__init__()
        self.lstm = nn.LSTM(n_features, hidden_dim)
        self.linear = nn.Linear(hidden_dim, n_outputs)

    def forward(self, seq):
        lstm_out, (h_n, c_n) = self.lstm(seq)
        return self.linear(lstm_out[-1])


if __name__ == "__main__":
    model = TimeMajorLSTM()
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
