"""A deep MLP: hidden layers in a ModuleList built by a loop, applied by a loop in forward."""
import torch
import torch.nn as nn
import torch.nn.functional as F

INPUT_DIM = 32
HIDDEN = [64, 64, 32]


class DeepMLP(nn.Module):
    def __init__(self, input_dim=INPUT_DIM, hidden=HIDDEN, output_dim=1):
        super().__init__()
        self.layers = nn.ModuleList()
        self.norms = nn.ModuleList()
        prev = input_dim
        for width in hidden:
            self.layers.append(nn.Linear(prev, width))
            self.norms.append(nn.LayerNorm(width))
            prev = width
        self.out = nn.Linear(prev, output_dim)

    def forward(self, x):
        for layer, norm in zip(self.layers, self.norms):
            x = F.silu(norm(layer(x)))
        return self.out(x)


if __name__ == "__main__":
    model = DeepMLP()
    inputs = torch.randn(10, INPUT_DIM)
    targets = torch.randn(10, 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.01, betas=(0.9, 0.95))
    criterion = nn.MSELoss()
    for epoch in range(50):
        optimizer.zero_grad()
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()
