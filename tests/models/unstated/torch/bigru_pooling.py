"""Toxic-comment model: bidirectional GRU, output sequence pooled with mean and max, concatenated."""
import torch
import torch.nn as nn


class BiGRUPool(nn.Module):
    def __init__(self, max_features=30000, embed_size=300, hidden_size=80, n_labels=6):
        super().__init__()
        self.embedding = nn.Embedding(max_features, embed_size)
        self.dropout = nn.Dropout(0.2)
        self.gru = nn.GRU(embed_size, hidden_size, bidirectional=True, batch_first=True)
        self.out = nn.Linear(hidden_size * 4, n_labels)

    def forward(self, x):
        h = self.dropout(self.embedding(x))
        h, _ = self.gru(h)
        avg_pool = torch.mean(h, 1)
        max_pool, _ = torch.max(h, 1)
        conc = torch.cat((avg_pool, max_pool), 1)
        return self.out(conc)
