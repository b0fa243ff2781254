"""Decoder whose recurrent cell is chosen by name; built elsewhere with a cell and sizes."""
from torch import nn


class Decoder(nn.Module):
    def __init__(self, cell, vocab_size, hidden_size, num_layers=1):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, hidden_size)
        if cell == "lstm":
            self.rnn = nn.LSTM(hidden_size, hidden_size, num_layers, batch_first=True)
        elif cell == "gru":
            self.rnn = nn.GRU(hidden_size, hidden_size, num_layers, batch_first=True)
        else:
            raise ValueError(f"unknown cell {cell}")
        self.proj = nn.Linear(hidden_size, vocab_size)

    def forward(self, tokens):
        out, _ = self.rnn(self.embedding(tokens))
        return self.proj(out)
