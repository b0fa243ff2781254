"""The per-batch code before the model's call shapes the network's input, even where the loss after
it is not read: a VAE flattens MNIST's (1, 28, 28) images with ``x.view(-1, image_size)`` and unpacks
three outputs (``x_reconst, mu, log_var = model(x)``), so its input is (N, 784), not the images."""
import pytest
from backend_ir import migrate_and_verify

pytest.importorskip("torch")
pytest.importorskip("keras")

VAE = '''import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision import transforms

image_size = 784
h_dim = 64
z_dim = 8
num_epochs = 3

dataset = torchvision.datasets.MNIST(root="data", train=True, transform=transforms.ToTensor(), download=True)
data_loader = torch.utils.data.DataLoader(dataset=dataset, batch_size=64, shuffle=True)


class VAE(nn.Module):
    def __init__(self, image_size=784, h_dim=64, z_dim=8):
        super().__init__()
        self.fc1 = nn.Linear(image_size, h_dim)
        self.fc2 = nn.Linear(h_dim, z_dim)
        self.fc3 = nn.Linear(h_dim, z_dim)
        self.fc4 = nn.Linear(z_dim, h_dim)
        self.fc5 = nn.Linear(h_dim, image_size)

    def encode(self, x):
        h = F.relu(self.fc1(x))
        return self.fc2(h), self.fc3(h)

    def decode(self, z):
        return torch.sigmoid(self.fc5(F.relu(self.fc4(z))))

    def forward(self, x):
        mu, log_var = self.encode(x)
        return self.decode(mu), mu, log_var


model = VAE()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

for epoch in range(num_epochs):
    for i, (x, _) in enumerate(data_loader):
        x = x.view(-1, image_size)
        x_reconst, mu, log_var = model(x)
        reconst_loss = F.binary_cross_entropy(x_reconst, x, reduction="sum")
        kl_div = -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp())
        loss = reconst_loss + kl_div
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
'''


def test_the_flattened_batch_is_the_input_although_the_loss_is_not_read(tmp_path):
    # read as the images, fc1's in_features=784 would not fit the 28 columns: refused
    code, result = migrate_and_verify(VAE, tmp_path, "keras")
    assert "layers.Dense(h_dim" in code
    assert result.passed and result.max <= 1e-5, result.summary()
