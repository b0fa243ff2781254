"""A small regression network on features the script loads from .npy files, trained with Adam
and an L2 penalty given as the optimizer's weight_decay (the usual PyTorch idiom)."""
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

CONFIG = {"hidden": [64, 32], "lr": 3e-3, "weight_decay": 1e-2, "epochs": 20, "batch_size": 64}


def make_regressor(in_features, hidden=(64, 32), **kwargs):
    layers, width = [], in_features
    for units in hidden:
        layers += [nn.Linear(width, units), nn.Tanh()]
        width = units
    layers.append(nn.Linear(width, 1))
    return nn.Sequential(*layers)


model = make_regressor(16, **CONFIG)


def main():
    x = torch.from_numpy(np.load("features.npy")).float()
    y = torch.from_numpy(np.load("targets.npy")).float().unsqueeze(1)
    loader = DataLoader(TensorDataset(x, y), batch_size=CONFIG["batch_size"], shuffle=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=CONFIG["lr"], weight_decay=CONFIG["weight_decay"])
    loss_fn = nn.MSELoss()
    for epoch in range(CONFIG["epochs"]):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        print(epoch, loss.item())


if __name__ == "__main__":
    main()
