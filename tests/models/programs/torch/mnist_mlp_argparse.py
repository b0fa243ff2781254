"""MLP classifier for MNIST digits; its widths and dropout rate come from command-line flags parsed at import."""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

parser = argparse.ArgumentParser(description="MNIST multi-layer perceptron")
parser.add_argument("--hidden", type=int, default=128, help="units of the first hidden layer")
parser.add_argument("--dropout", type=float, default=0.2, help="dropout probability")
parser.add_argument("--epochs", type=int, default=10)
parser.add_argument("--lr", type=float, default=1e-3, help="learning rate")
parser.add_argument("--no-cuda", action="store_true", default=False)
args = parser.parse_args()

use_cuda = not args.no_cuda and torch.cuda.is_available()
device = torch.device("cuda" if use_cuda else "cpu")


class Net(nn.Module):
    def __init__(self, hidden, dropout):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(784, hidden)
        self.fc2 = nn.Linear(hidden, hidden // 2)
        self.fc3 = nn.Linear(hidden // 2, 10)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = self.drop(F.relu(self.fc1(x)))
        x = self.drop(F.relu(self.fc2(x)))
        return F.log_softmax(self.fc3(x), dim=1)


model = Net(args.hidden, args.dropout).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)


def train_epoch(loader):
    model.train()
    for data, target in loader:
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()
