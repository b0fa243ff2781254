"""PyTorch code migrated from input.py by nnport."""

import torch.nn.functional as F
from torch import nn


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(784, 128)
        self.dropout = nn.Dropout(p=0.2)
        self.dense_1 = nn.Linear(128, 64)
        self.dense_2 = nn.Linear(64, 10)

    def forward(self, inputs):
        x = self.dense(inputs)
        x = F.relu(x)
        x = self.dropout(x)
        x = self.dense_1(x)
        x = F.relu(x)
        x = self.dense_2(x)
        x = F.softmax(x, dim=1)
        return x
