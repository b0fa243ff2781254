"""Human activity recognition from 9 inertial channels: two valid convolutions, pooling, dense head."""
import torch.nn as nn
import torch.nn.functional as F


class HARModel(nn.Module):
    def __init__(self, n_channels=9, n_classes=6, n_filters=64, drop=0.5):
        super().__init__()
        self.conv1 = nn.Conv1d(n_channels, n_filters, 3)
        self.conv2 = nn.Conv1d(n_filters, n_filters, 3)
        self.dropout = nn.Dropout(drop)
        self.pool = nn.MaxPool1d(2)
        self.fc1 = nn.Linear(n_filters * 62, 100)
        self.fc2 = nn.Linear(100, n_classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = self.dropout(x)
        x = self.pool(x)
        x = x.reshape(x.size(0), -1)
        x = F.relu(self.fc1(x))
        return F.softmax(self.fc2(x), dim=1)
