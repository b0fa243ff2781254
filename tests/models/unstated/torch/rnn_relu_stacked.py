"""Two-layer ReLU RNN for sequence regression, reading the top layer's final hidden state."""
import torch
import torch.nn as nn


class ReluRNN(nn.Module):
    def __init__(self, n_inputs=3, n_hidden=48, n_layers=2):
        super(ReluRNN, self).__init__()
        self.rnn = nn.RNN(input_size=n_inputs, hidden_size=n_hidden, num_layers=n_layers, nonlinearity="relu",
                          batch_first=True)
        self.out = nn.Linear(n_hidden, 1)

    def forward(self, x):
        _, h = self.rnn(x)
        return self.out(h[-1])
