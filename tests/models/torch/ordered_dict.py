"""An nn.Sequential built from an OrderedDict with named layers."""
from collections import OrderedDict

import torch
import torch.nn as nn

classifier = nn.Sequential(OrderedDict([
    ("fc1", nn.Linear(20, 64)),
    ("bn1", nn.BatchNorm1d(64)),
    ("relu1", nn.ReLU()),
    ("drop", nn.Dropout(0.25)),
    ("fc2", nn.Linear(64, 3)),
    ("out", nn.Softmax(dim=1)),
]))

if __name__ == "__main__":
    X = torch.randn(256, 20)
    y = torch.randint(0, 3, (256,))
    dataset = torch.utils.data.TensorDataset(X, y)
    loader = torch.utils.data.DataLoader(dataset, batch_size=32, shuffle=True)
    optimizer = torch.optim.Adagrad(classifier.parameters(), lr=0.05)
    criterion = nn.NLLLoss()
    for epoch in range(20):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(torch.log(classifier(xb)), yb)
            loss.backward()
            optimizer.step()
