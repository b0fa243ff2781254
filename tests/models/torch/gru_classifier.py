"""GRU sequence classifier over feature vectors; the last layer's final state feeds the head."""
import torch
import torch.nn as nn


class GRUNet(nn.Module):
    def __init__(self, input_dim=12, hidden_dim=20, output_dim=3, n_layers=2):
        super(GRUNet, self).__init__()
        self.hidden_dim = hidden_dim
        self.gru = nn.GRU(input_dim, hidden_dim, n_layers, batch_first=True)
        self.fc = nn.Linear(hidden_dim, output_dim)
        self.relu = nn.ReLU()

    def forward(self, x):
        _, h = self.gru(x)
        out = self.fc(self.relu(h[-1]))
        return out


if __name__ == "__main__":
    model = GRUNet()
    x = torch.randn(4, 15, 12)
    print(model(x).shape)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01, eps=1e-7)
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.95)
