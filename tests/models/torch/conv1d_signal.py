"""1-D CNN for signals (N, C, L): Conv1d, BatchNorm1d, pooling, global average pooling."""
import torch
import torch.nn as nn


class SignalCNN(nn.Module):
    def __init__(self, in_channels=2, num_classes=4):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv1d(in_channels, 16, kernel_size=7, padding=3),
            nn.BatchNorm1d(16),
            nn.ReLU(),
            nn.MaxPool1d(2),
            nn.Conv1d(16, 32, kernel_size=5, stride=2),
            nn.BatchNorm1d(32),
            nn.ReLU(),
            nn.AdaptiveAvgPool1d(1),
        )
        self.fc = nn.Linear(32, num_classes)

    def forward(self, x):
        x = self.net(x)
        x = x.view(x.size(0), -1)
        return self.fc(x)


if __name__ == "__main__":
    from torchinfo import summary

    model = SignalCNN()
    summary(model, input_size=(8, 2, 128))
