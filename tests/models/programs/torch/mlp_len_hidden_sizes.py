"""Deep MLP sized by len() of a list of hidden sizes; each layer's input width indexes the previous entry."""
import torch
import torch.nn as nn

hidden_sizes = [256, 128, 64]
input_dim, n_classes = 100, 5


class DeepMLP(nn.Module):
    def __init__(self, input_dim, hidden_sizes, n_classes):
        super().__init__()
        self.n_hidden = len(hidden_sizes)
        self.hidden = nn.ModuleList()
        for i in range(len(hidden_sizes)):
            in_dim = input_dim if i == 0 else hidden_sizes[i - 1]
            self.hidden.append(nn.Linear(in_dim, hidden_sizes[i]))
        self.bn = nn.BatchNorm1d(hidden_sizes[-1])
        self.out = nn.Linear(hidden_sizes[-1], n_classes)

    def forward(self, x):
        for i in range(self.n_hidden):
            x = torch.relu(self.hidden[i](x))
        return self.out(self.bn(x))


model = DeepMLP(input_dim, hidden_sizes, n_classes)
