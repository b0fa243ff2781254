"""A small fully connected VAE: encoder and decoder classes used by the VAE model."""
import torch
import torch.nn as nn
import torch.nn.functional as F

LATENT = 8


class Encoder(nn.Module):
    def __init__(self, in_dim=784, hidden=128, latent=LATENT):
        super().__init__()
        self.fc = nn.Linear(in_dim, hidden)
        self.fc_mu = nn.Linear(hidden, latent)
        self.fc_logvar = nn.Linear(hidden, latent)

    def forward(self, x):
        h = F.relu(self.fc(x))
        return self.fc_mu(h), self.fc_logvar(h)


class Decoder(nn.Module):
    def __init__(self, latent=LATENT, hidden=128, out_dim=784):
        super().__init__()
        self.fc1 = nn.Linear(latent, hidden)
        self.fc2 = nn.Linear(hidden, out_dim)

    def forward(self, z):
        return torch.sigmoid(self.fc2(F.relu(self.fc1(z))))


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()

    def forward(self, x):
        x = x.flatten(1)
        mu, logvar = self.encoder(x)
        # decoding the mean: the deterministic path used for evaluation
        return self.decoder(mu), mu, logvar


def vae_loss(recon, x, mu, logvar):
    bce = F.binary_cross_entropy(recon, x.view(-1, 784), reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + kld


if __name__ == "__main__":
    model = VAE()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    recon, mu, logvar = model(torch.rand(4, 1, 28, 28))
    print(recon.shape, mu.shape)
