"""Sentiment classifier over a vocabulary read from a training file at start-up (vocab_size = len(vocab) + 2)."""
from collections import Counter

import torch
import torch.nn as nn

MAX_LEN = 50
MIN_FREQ = 2

with open("reviews_train.tsv", encoding="utf-8") as f:
    rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
texts = [text.lower() for text, _ in rows]
labels = [int(label) for _, label in rows]

counts = Counter(w for t in texts for w in t.split())
vocab = [w for w, c in counts.most_common() if c >= MIN_FREQ]
word2idx = {w: i + 2 for i, w in enumerate(vocab)}  # 0 pad, 1 unknown
vocab_size = len(vocab) + 2


class SentimentCNN(nn.Module):
    def __init__(self, vocab_size, embed_dim=64, n_filters=32, kernel_size=3, n_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.conv = nn.Conv1d(embed_dim, n_filters, kernel_size)
        self.fc = nn.Linear(n_filters, n_classes)

    def forward(self, x):
        e = self.embedding(x).permute(0, 2, 1)
        h = torch.relu(self.conv(e))
        h = torch.max(h, dim=2).values
        return self.fc(h)


def encode(text):
    ids = [word2idx.get(w, 1) for w in text.split()][:MAX_LEN]
    return ids + [0] * (MAX_LEN - len(ids))


model = SentimentCNN(vocab_size)
inputs = torch.tensor([encode(t) for t in texts])
targets = torch.tensor(labels)
