"""Binary sequence classifier: LSTM, dropout on the last output, Linear and nn.Sigmoid."""
import torch
import torch.nn as nn


class LSTMBinary(nn.Module):
    def __init__(self, input_size=40, hidden_size=100, dropout=0.25):
        super().__init__()
        self.lstm = nn.LSTM(input_size=input_size, hidden_size=hidden_size, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(hidden_size, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        lstm_out, _ = self.lstm(x)
        last = lstm_out[:, -1, :]
        return self.sigmoid(self.fc(self.dropout(last)))
