"""Fashion-MNIST CNN with valid convolutions; flattened with x.reshape(x.shape[0], -1) into 64*5*5."""
import torch
import torch.nn as nn


class FashionCNN(nn.Module):
    def __init__(self, n_classes=10):
        super().__init__()
        self.layer1 = nn.Sequential(nn.Conv2d(1, 32, 3), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2))
        self.layer2 = nn.Sequential(nn.Conv2d(32, 64, 3), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2))
        self.fc1 = nn.Linear(64 * 5 * 5, 600)
        self.drop = nn.Dropout(0.25)
        self.fc2 = nn.Linear(600, 120)
        self.fc3 = nn.Linear(120, n_classes)

    def forward(self, x):
        out = self.layer1(x)
        out = self.layer2(out)
        out = out.reshape(out.shape[0], -1)
        out = self.drop(self.fc1(out))
        out = self.fc2(out)
        return self.fc3(out)
