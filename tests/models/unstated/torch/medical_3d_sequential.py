"""CT-volume classifier: Conv3d / BatchNorm3d / ReLU / MaxPool3d blocks, AdaptiveAvgPool3d((1, 1, 1))."""
import torch
import torch.nn as nn


class CTClassifier(nn.Module):
    def __init__(self, in_channels=1, num_classes=2, width=16):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv3d(in_channels, width, kernel_size=3, padding=1),
            nn.BatchNorm3d(width),
            nn.ReLU(inplace=True),
            nn.MaxPool3d(2),
            nn.Conv3d(width, width * 2, kernel_size=3, padding=1),
            nn.BatchNorm3d(width * 2),
            nn.ReLU(inplace=True),
            nn.MaxPool3d(2),
            nn.Conv3d(width * 2, width * 4, kernel_size=3, padding=1),
            nn.BatchNorm3d(width * 4),
            nn.ReLU(inplace=True),
        )
        self.avgpool = nn.AdaptiveAvgPool3d((1, 1, 1))
        self.dropout = nn.Dropout(0.4)
        self.fc = nn.Linear(width * 4, num_classes)

    def forward(self, x):
        x = self.features(x)
        x = self.avgpool(x)
        x = torch.flatten(x, 1)
        return self.fc(self.dropout(x))
