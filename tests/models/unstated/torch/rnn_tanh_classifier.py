"""Vanilla RNN (tanh) over feature sequences, classifying from the last time step."""
import torch
import torch.nn as nn


class RNNClassifier(nn.Module):
    def __init__(self, input_size=28, hidden_size=128, num_classes=10):
        super().__init__()
        self.rnn = nn.RNN(input_size, hidden_size, num_layers=1, nonlinearity="tanh", batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        out, h_n = self.rnn(x)
        return self.fc(out[:, -1, :])


if __name__ == "__main__":
    model = RNNClassifier()
