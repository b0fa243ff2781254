"""Dense autoencoder for flattened images with a 32-unit bottleneck and a sigmoid reconstruction."""
import torch.nn as nn


class DenseAutoencoder(nn.Module):
    def __init__(self, input_dim=784, bottleneck=32):
        super(DenseAutoencoder, self).__init__()
        self.encoder = nn.Sequential(nn.Linear(input_dim, 256), nn.ReLU(True), nn.Linear(256, bottleneck))
        self.decoder = nn.Sequential(nn.Linear(bottleneck, 256), nn.ReLU(True), nn.Linear(256, input_dim),
                                     nn.Sigmoid())

    def encode(self, x):
        return self.encoder(x)

    def forward(self, x):
        z = self.encode(x)
        return self.decoder(z)


if __name__ == "__main__":
    autoencoder = DenseAutoencoder()
