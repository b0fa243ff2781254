"""Denoising autoencoder on MNIST: noise is added to each flattened batch in the loop and the
clean images are the targets; plain SGD with weight decay."""
import torch
from torch import nn
from torch.utils.data import DataLoader

noise_factor = 0.3
epochs = 20
batch_size = 128


class DenoisingAutoencoder(nn.Module):
    def __init__(self, n_in=784, n_hidden=128, n_code=32):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(True), nn.Linear(n_hidden, n_code))
        self.decoder = nn.Sequential(nn.Linear(n_code, n_hidden), nn.ReLU(True), nn.Linear(n_hidden, n_in),
                                     nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))


model = DenoisingAutoencoder()

if __name__ == "__main__":
    from torchvision import datasets, transforms

    dataset = datasets.MNIST("./data", train=True, download=True, transform=transforms.ToTensor())
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5, weight_decay=5e-4)

    for epoch in range(epochs):
        for data in loader:
            img, _ = data
            img = img.view(img.size(0), -1)
            noisy_img = img + noise_factor * torch.randn_like(img)
            noisy_img = torch.clamp(noisy_img, 0.0, 1.0)
            output = model(noisy_img)
            loss = criterion(output, img)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        print(f"epoch [{epoch + 1}/{epochs}], loss:{loss.item():.4f}")
