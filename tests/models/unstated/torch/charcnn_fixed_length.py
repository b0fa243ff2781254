"""Character-level CNN whose first Linear layer is sized for a fixed padded text length."""
import torch
import torch.nn as nn


class CharCNN(nn.Module):
    def __init__(self, n_chars=70, char_dim=16, n_classes=4):
        super().__init__()
        self.embedding = nn.Embedding(n_chars, char_dim)
        self.conv1 = nn.Conv1d(char_dim, 64, kernel_size=7)
        self.pool1 = nn.MaxPool1d(3)
        self.conv2 = nn.Conv1d(64, 64, kernel_size=7)
        self.pool2 = nn.MaxPool1d(3)
        self.fc1 = nn.Linear(64 * 11, 128)
        self.fc2 = nn.Linear(128, n_classes)
        self.dropout = nn.Dropout(0.5)

    def forward(self, x):
        x = self.embedding(x)
        x = x.transpose(1, 2)
        x = self.pool1(torch.relu(self.conv1(x)))
        x = self.pool2(torch.relu(self.conv2(x)))
        x = x.view(x.size(0), -1)
        x = self.dropout(torch.relu(self.fc1(x)))
        return self.fc2(x)
