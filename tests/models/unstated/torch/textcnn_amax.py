"""Review polarity classifier: embeddings, two stacked convolutions, torch.amax over the sequence."""
import torch
import torch.nn as nn


class ReviewCNN(nn.Module):
    def __init__(self, vocab_size=10000, emb_dim=64, channels=128, num_classes=1):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb_dim)
        self.conv1 = nn.Conv1d(emb_dim, channels, kernel_size=3, padding=1)
        self.conv2 = nn.Conv1d(channels, channels, kernel_size=3, padding=1)
        self.act = nn.ReLU()
        self.out = nn.Linear(channels, num_classes)

    def forward(self, tokens):
        h = self.emb(tokens).transpose(1, 2)
        h = self.act(self.conv1(h))
        h = self.act(self.conv2(h))
        h = torch.amax(h, dim=-1)
        return torch.sigmoid(self.out(h))
