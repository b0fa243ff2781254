"""Bidirectional GRU sentence classifier; the initial state is created on the input's device, the last states concatenated."""
import torch
import torch.nn as nn


class BiGRUClassifier(nn.Module):
    def __init__(self, vocab_size=20000, embed_dim=100, hidden_dim=64, n_layers=2, n_classes=5, pad_idx=0):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.n_layers = n_layers
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_idx)
        self.gru = nn.GRU(embed_dim, hidden_dim, num_layers=n_layers, bidirectional=True, batch_first=True)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(hidden_dim * 2, n_classes)

    def forward(self, text):
        h0 = torch.zeros(self.n_layers * 2, text.size(0), self.hidden_dim, device=text.device)
        embedded = self.dropout(self.embedding(text))
        _, hidden = self.gru(embedded, h0)
        hidden = torch.cat((hidden[-2, :, :], hidden[-1, :, :]), dim=1)
        return self.fc(self.dropout(hidden))


model = BiGRUClassifier()
