"""GRU text classifier reading both the output sequence (mean and max over time) and the final state."""
import torch
import torch.nn as nn


class GRUPoolClassifier(nn.Module):
    def __init__(self, vocab_size=20000, embed_dim=128, hidden=64, num_classes=6):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.gru = nn.GRU(embed_dim, hidden, batch_first=True)
        self.fc = nn.Linear(hidden * 3, num_classes)

    def forward(self, x):
        x = self.embedding(x)
        out, h = self.gru(x)
        last = h[-1]
        avg_pool = out.mean(dim=1)
        max_pool = out.max(dim=1)[0]
        feats = torch.cat([last, avg_pool, max_pool], dim=1)
        return self.fc(feats)
