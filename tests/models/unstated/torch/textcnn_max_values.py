"""Text classifier over embeddings with global max pooling written as x.max(dim=2)[0]."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class CNNClassifier(nn.Module):
    def __init__(self, vocab_size=5000, embedding_dim=100, hidden=256, num_labels=4):
        super(CNNClassifier, self).__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.conv = nn.Conv1d(embedding_dim, hidden, 3)
        self.fc1 = nn.Linear(hidden, 64)
        self.fc2 = nn.Linear(64, num_labels)

    def forward(self, x):
        x = self.embedding(x).permute(0, 2, 1)
        x = F.relu(self.conv(x))
        x = x.max(dim=2)[0]
        x = F.relu(self.fc1(x))
        return self.fc2(x)


model = CNNClassifier()
