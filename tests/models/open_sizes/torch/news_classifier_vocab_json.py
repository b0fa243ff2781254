"""News topic classifier: the vocabulary is a JSON file written by a preprocessing script."""
import json

import torch
import torch.nn.functional as F
from torch import nn

NUM_CLASSES = 4
EMBED_DIM = 32

with open("vocab.json", encoding="utf-8") as f:
    vocab = json.load(f)
PAD = vocab.get("<pad>", 0)


class NewsClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_classes, dropout=0.2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.dropout = nn.Dropout(dropout)
        self.hidden = nn.Linear(embed_dim, embed_dim * 2)
        self.out = nn.Linear(embed_dim * 2, num_classes)

    def forward(self, tokens):
        pooled = self.embedding(tokens).mean(dim=1)
        return self.out(F.relu(self.hidden(self.dropout(pooled))))


model = NewsClassifier(len(vocab) + 1, EMBED_DIM, NUM_CLASSES)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
criterion = nn.CrossEntropyLoss()

if __name__ == "__main__":
    batches = torch.load("batches.pt")
    for epoch in range(3):
        for tokens, labels in batches:
            optimizer.zero_grad()
            loss = criterion(model(tokens), labels)
            loss.backward()
            optimizer.step()
