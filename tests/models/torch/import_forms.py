"""Layers imported every way people import them."""
import torch
import torch.nn
from torch.nn import Conv2d, ReLU as Rectifier
from torch import nn as tnn
import torch.nn.functional as fn


class ImportForms(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = Conv2d(1, 8, 3, padding=1)
        self.act = Rectifier()
        self.pool = torch.nn.MaxPool2d(2)
        self.norm = tnn.BatchNorm2d(8)
        self.head = torch.nn.Linear(8 * 14 * 14, 10)

    def forward(self, x):
        x = self.pool(self.act(self.norm(self.conv(x))))
        x = x.flatten(start_dim=1)
        return fn.softmax(self.head(x), dim=-1)


if __name__ == "__main__":
    print(ImportForms()(torch.randn(2, 1, 28, 28)).shape)
