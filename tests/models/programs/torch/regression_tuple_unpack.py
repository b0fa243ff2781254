"""Fully connected regressor fitted to synthetic data; every size comes from one tuple assignment."""
import torch
from torch import nn

batch_size, n_features, n_hidden, n_targets = 64, 20, 48, 3
epochs, lr = 200, 1e-2

torch.manual_seed(0)
inputs = torch.randn(batch_size, n_features)
true_w = torch.randn(n_features, n_targets)
targets = inputs @ true_w + 0.1 * torch.randn(batch_size, n_targets)

model = nn.Sequential(
    nn.Linear(n_features, n_hidden),
    nn.Tanh(),
    nn.Linear(n_hidden, n_hidden),
    nn.Tanh(),
    nn.Linear(n_hidden, n_targets),
)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)

for epoch in range(epochs):
    optimizer.zero_grad()
    loss = criterion(model(inputs), targets)
    loss.backward()
    optimizer.step()
    if (epoch + 1) % 50 == 0:
        print(f"epoch {epoch + 1}: loss {loss.item():.4f}")
