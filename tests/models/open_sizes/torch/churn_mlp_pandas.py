"""Churn prediction MLP built by a helper; the input width is the number of feature columns of a CSV."""
import pandas as pd
import torch
from torch import nn

df = pd.read_csv("churn.csv")
feature_cols = [c for c in df.columns if c not in ("customer_id", "churned")]
n_inputs = len(feature_cols)
n_classes = df["churned"].nunique()


def make_mlp(n_inputs, hidden, p_drop):
    layers = []
    width = n_inputs
    for size in hidden:
        layers += [nn.Linear(width, size), nn.ReLU(), nn.Dropout(p_drop)]
        width = size
    return nn.Sequential(*layers)


class ChurnMLP(nn.Module):
    def __init__(self, n_inputs, n_outputs, hidden=(64, 32), p_drop=0.1):
        super().__init__()
        self.body = make_mlp(n_inputs, hidden, p_drop)
        self.head = nn.Linear(hidden[-1], n_outputs)

    def forward(self, x):
        return self.head(self.body(x))


model = ChurnMLP(n_inputs, n_classes)
features = torch.tensor(df[feature_cols].values, dtype=torch.float32)
labels = torch.tensor(df["churned"].values, dtype=torch.long)
optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
for epoch in range(20):
    optimizer.zero_grad()
    loss = nn.CrossEntropyLoss()(model(features), labels)
    loss.backward()
    optimizer.step()
