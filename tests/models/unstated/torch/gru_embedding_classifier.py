"""Question classifier: embedding, single-layer GRU, final hidden state h[-1], dropout and Linear."""
import torch
import torch.nn as nn


class GRUClassifier(nn.Module):
    def __init__(self, vocab_size=8000, embed_size=64, hidden_size=128, num_classes=6, dropout=0.5):
        super(GRUClassifier, self).__init__()
        self.embed = nn.Embedding(vocab_size, embed_size, padding_idx=0)
        self.gru = nn.GRU(input_size=embed_size, hidden_size=hidden_size, batch_first=True)
        self.drop = nn.Dropout(dropout)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, tokens):
        emb = self.embed(tokens)
        _, h = self.gru(emb)
        return self.fc(self.drop(h[-1]))
