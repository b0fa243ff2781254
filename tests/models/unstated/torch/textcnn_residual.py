"""Deep text CNN with residual convolution blocks (padding keeps the length) and global max pooling."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv1d(channels, channels, 3, padding=1)
        self.conv2 = nn.Conv1d(channels, channels, 3, padding=1)

    def forward(self, x):
        out = self.conv1(F.relu(x))
        out = self.conv2(F.relu(out))
        return out + x


class ResTextCNN(nn.Module):
    def __init__(self, vocab_size=15000, embed_dim=128, channels=128, num_blocks=2, num_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.region = nn.Conv1d(embed_dim, channels, 3, padding=1)
        self.blocks = nn.Sequential(*[ConvBlock(channels) for _ in range(num_blocks)])
        self.fc = nn.Linear(channels, num_classes)

    def forward(self, x):
        x = self.embedding(x).transpose(1, 2)
        x = self.region(x)
        x = self.blocks(x)
        x = x.max(dim=-1)[0]
        return self.fc(x)
