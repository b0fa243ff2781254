"""An Inception-style block: four parallel convolution branches concatenated on channels."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class InceptionNet(nn.Module):
    def __init__(self, num_classes=5):
        super().__init__()
        self.branch1 = nn.Conv2d(3, 8, kernel_size=1)
        self.branch3 = nn.Conv2d(3, 12, kernel_size=3, padding=1)
        self.branch5 = nn.Conv2d(3, 4, kernel_size=5, padding=2)
        self.dilated = nn.Conv2d(3, 4, kernel_size=3, padding=2, dilation=2)
        self.bn = nn.BatchNorm2d(28)
        self.gap = nn.AdaptiveAvgPool2d(1)
        self.head = nn.Linear(28, num_classes)

    def forward(self, x):
        branches = [
            self.branch1(x),
            self.branch3(x),
            self.branch5(x),
            self.dilated(x),
        ]
        x = F.relu(self.bn(torch.cat(branches, dim=1)))
        x = self.gap(x).flatten(1)
        return F.log_softmax(self.head(x), dim=1)


if __name__ == "__main__":
    model = InceptionNet()
    print(model(torch.randn(2, 3, 24, 24)).shape)
