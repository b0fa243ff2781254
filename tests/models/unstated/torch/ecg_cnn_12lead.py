"""12-lead ECG classifier: Conv1d / BatchNorm1d / ReLU / MaxPool1d blocks, global average pooling."""
import torch
import torch.nn as nn


class ECGNet(nn.Module):
    def __init__(self, in_leads=12, num_classes=5):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(in_leads, 32, kernel_size=7, padding=3),
            nn.BatchNorm1d(32),
            nn.ReLU(),
            nn.MaxPool1d(2),
            nn.Conv1d(32, 64, kernel_size=5, padding=2),
            nn.BatchNorm1d(64),
            nn.ReLU(),
            nn.MaxPool1d(2),
            nn.Conv1d(64, 128, kernel_size=3, padding=1),
            nn.BatchNorm1d(128),
            nn.ReLU(),
        )
        self.gap = nn.AdaptiveAvgPool1d(1)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(128, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = self.gap(x).squeeze(-1)
        return self.fc(self.dropout(x))


if __name__ == "__main__":
    model = ECGNet()
