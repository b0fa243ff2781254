"""Embedding + time-major GRU: token batch permuted to (T, N, E) before the GRU, final state classified."""
import torch
import torch.nn as nn


class TimeMajorGRU(nn.Module):
    def __init__(self, vocab_size=5000, emb_dim=50, hid_dim=100, n_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim)
        self.rnn = nn.GRU(emb_dim, hid_dim, num_layers=1)
        self.fc = nn.Linear(hid_dim, n_classes)

    def forward(self, text):
        embedded = self.embedding(text)
        embedded = embedded.permute(1, 0, 2)
        output, hidden = self.rnn(embedded)
        return self.fc(hidden.squeeze(0))
