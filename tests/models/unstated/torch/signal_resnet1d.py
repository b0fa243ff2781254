"""1-D ResNet for physiological signals: basic blocks with an identity (empty Sequential) shortcut."""
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock1d(nn.Module):
    def __init__(self, in_planes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv1d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm1d(planes)
        self.conv2 = nn.Conv1d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm1d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(nn.Conv1d(in_planes, planes, 1, stride=stride, bias=False),
                                          nn.BatchNorm1d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out = out + self.shortcut(x)
        return F.relu(out)


class ResNet1d(nn.Module):
    def __init__(self, in_channels=1, num_classes=2):
        super().__init__()
        self.stem = nn.Conv1d(in_channels, 32, 7, stride=2, padding=3, bias=False)
        self.bn = nn.BatchNorm1d(32)
        self.layer1 = BasicBlock1d(32, 32)
        self.layer2 = BasicBlock1d(32, 64, stride=2)
        self.pool = nn.AdaptiveAvgPool1d(1)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        x = F.relu(self.bn(self.stem(x)))
        x = self.layer2(self.layer1(x))
        x = self.pool(x).flatten(1)
        return self.fc(x)
