"""Two inputs (image features and metadata) merged by concatenation and a product gate."""
import torch
import torch.nn as nn


class TwoTower(nn.Module):
    def __init__(self, image_dim=48, meta_dim=6, hidden=24):
        super().__init__()
        self.image_net = nn.Sequential(nn.Linear(image_dim, hidden), nn.ReLU())
        self.meta_net = nn.Sequential(nn.Linear(meta_dim, hidden), nn.ReLU())
        self.gate = nn.Linear(2 * hidden, hidden)
        self.head = nn.Linear(hidden, 1)

    def forward(self, image, meta):
        a = self.image_net(image)
        b = self.meta_net(meta)
        joined = torch.cat((a, b), 1)
        gated = torch.sigmoid(self.gate(joined)) * a + (1 - torch.sigmoid(self.gate(joined))) * b
        return self.head(gated)


if __name__ == "__main__":
    model = TwoTower()
    print(model(torch.randn(5, 48), torch.randn(5, 6)).shape)
    criterion = nn.BCEWithLogitsLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
