"""News topic classifier: Conv1d feature extractor in nn.Sequential with AdaptiveAvgPool1d(1)."""
import torch
import torch.nn as nn


class TopicNet(nn.Module):
    def __init__(self, vocab_size=25000, embed_dim=128, num_topics=20):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.features = nn.Sequential(
            nn.Conv1d(embed_dim, 192, kernel_size=5, padding=2),
            nn.ReLU(inplace=True),
            nn.MaxPool1d(2),
            nn.Conv1d(192, 192, kernel_size=5, padding=2),
            nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool1d(1),
        )
        self.fc = nn.Linear(192, num_topics)

    def forward(self, x):
        x = self.embedding(x).permute(0, 2, 1)
        x = self.features(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)
