"""Two-stage text CNN: conv, MaxPool1d(3), conv, then global max via torch.max(x, 2)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class TwoStageTextCNN(nn.Module):
    def __init__(self, vocab_size=40000, embed_dim=200, filters=250, n_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.conv_a = nn.Conv1d(embed_dim, filters, kernel_size=3, stride=1)
        self.pool_a = nn.MaxPool1d(kernel_size=3)
        self.conv_b = nn.Conv1d(filters, filters, kernel_size=3, stride=1)
        self.fc = nn.Linear(filters, 250)
        self.out = nn.Linear(250, n_classes)
        self.dropout = nn.Dropout(0.2)

    def forward(self, x):
        x = self.dropout(self.embedding(x))
        x = x.transpose(1, 2)
        x = self.pool_a(F.relu(self.conv_a(x)))
        x = F.relu(self.conv_b(x))
        x, _ = torch.max(x, 2)
        x = self.dropout(F.relu(self.fc(x)))
        return self.out(x)
