"""Tabular classifier; the input width and the number of classes come from a CSV file loaded with pandas."""
import pandas as pd
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

df = pd.read_csv("train.csv")
features = df.drop(columns=["label"]).values.astype("float32")
labels = df["label"].values.astype("int64")

input_dim = features.shape[1]
num_classes = int(df["label"].nunique())


class TabularNet(nn.Module):
    def __init__(self, input_dim, num_classes, hidden=64, p=0.1):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(input_dim, hidden),
            nn.BatchNorm1d(hidden),
            nn.ReLU(),
            nn.Dropout(p),
            nn.Linear(hidden, hidden),
            nn.ReLU(),
            nn.Linear(hidden, num_classes),
        )

    def forward(self, x):
        return self.net(x)


model = TabularNet(input_dim, num_classes)
loader = DataLoader(TensorDataset(torch.from_numpy(features), torch.from_numpy(labels)), batch_size=32, shuffle=True)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
for epoch in range(5):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
