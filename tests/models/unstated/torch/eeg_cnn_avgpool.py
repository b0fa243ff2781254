"""EEG motor-imagery classifier: Conv1d over channels, AvgPool1d, Dropout, flatten into a sized Linear."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class EEGConv(nn.Module):
    def __init__(self, n_electrodes=22, n_classes=4, dropout_rate=0.25):
        super(EEGConv, self).__init__()
        self.conv1 = nn.Conv1d(n_electrodes, 40, kernel_size=25)
        self.bn1 = nn.BatchNorm1d(40)
        self.pool1 = nn.AvgPool1d(kernel_size=75, stride=15)
        self.drop = nn.Dropout(dropout_rate)
        self.classifier = nn.Linear(40 * 30, n_classes)

    def forward(self, x):
        x = self.bn1(self.conv1(x))
        x = F.elu(x)
        x = self.pool1(x)
        x = self.drop(x)
        x = x.view(x.size(0), -1)
        return self.classifier(x)
