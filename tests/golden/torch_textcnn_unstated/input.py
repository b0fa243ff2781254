"""A text CNN as model files are written: no input shape anywhere, never instantiated."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class TextCNN(nn.Module):
    def __init__(self, vocab_size=5000, embed_dim=100, n_filters=64, n_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.conv = nn.Conv1d(embed_dim, n_filters, kernel_size=3, padding=1)
        self.bn = nn.BatchNorm1d(n_filters)
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.fc = nn.Linear(n_filters, n_classes)

    def forward(self, x):
        x = self.embedding(x)
        x = x.transpose(1, 2)
        x = F.relu(self.bn(self.conv(x)))
        x = self.pool(x).squeeze(-1)
        return self.fc(x)
