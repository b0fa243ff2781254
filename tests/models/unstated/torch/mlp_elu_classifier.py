"""Iris-sized classifier with ELU activations, written with F.elu in forward."""
import torch.nn as nn
import torch.nn.functional as F


class IrisNet(nn.Module):
    def __init__(self, in_dim=4, hidden_dim=16, out_dim=3):
        super(IrisNet, self).__init__()
        self.hidden1 = nn.Linear(in_dim, hidden_dim)
        self.hidden2 = nn.Linear(hidden_dim, hidden_dim)
        self.output = nn.Linear(hidden_dim, out_dim)

    def forward(self, x):
        x = F.elu(self.hidden1(x))
        x = F.elu(self.hidden2(x))
        return F.softmax(self.output(x), dim=1)


model = IrisNet()
