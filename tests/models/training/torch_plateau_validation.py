"""Training with a validation pass each epoch; the rate halves when the validation loss stalls."""
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split


class Net(nn.Module):
    def __init__(self, n_in=16, n_hidden=32):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, 1))

    def forward(self, x):
        return self.layers(x)


data = TensorDataset(torch.randn(600, 16), torch.rand(600, 1))
train_set, val_set = random_split(data, [500, 100])
train_loader = DataLoader(train_set, batch_size=25, shuffle=True)
val_loader = DataLoader(val_set, batch_size=100)
model = Net()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02, momentum=0.5)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=2)
criterion = nn.MSELoss()
for epoch in range(10):
    model.train()
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        val_loss = sum(criterion(model(xb), yb).item() for xb, yb in val_loader) / len(val_loader)
    scheduler.step(val_loss)
