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
        dense_relu = self.dense(inputs)
        dense_relu = F.relu(dense_relu)
        dense = self.dropout(dense_relu)
        dense = self.dense_1(dense)
        dense_1_relu = F.relu(dense)
        dense = self.dense_2(dense_1_relu)
        dense_2_softmax = F.softmax(dense, dim=1)
        return dense_2_softmax
