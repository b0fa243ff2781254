"""Spam filter: embedding, then an nn.Sequential of Conv1d / ReLU / AdaptiveMaxPool1d / Flatten / Linear."""
import torch
import torch.nn as nn


class SpamCNN(nn.Module):
    def __init__(self, vocab_size=6000, embed_dim=32):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.net = nn.Sequential(
            nn.Conv1d(embed_dim, 64, kernel_size=4),
            nn.ReLU(),
            nn.AdaptiveMaxPool1d(1),
            nn.Flatten(),
            nn.Dropout(0.25),
            nn.Linear(64, 1),
        )

    def forward(self, x):
        emb = self.embedding(x)
        return self.net(emb.permute(0, 2, 1))
