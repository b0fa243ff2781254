"""An MNIST MLP whose forward uses only F.* calls, trained with NLLLoss after log_softmax."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.optim.lr_scheduler import StepLR


class MLP(nn.Module):
    def __init__(self, in_features=784, hidden=(256, 128), num_classes=10, p=0.2):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden[0])
        self.fc2 = nn.Linear(hidden[0], hidden[1])
        self.fc3 = nn.Linear(hidden[1], num_classes)
        self.p = p

    def forward(self, x):
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, p=self.p, training=self.training)
        x = F.gelu(self.fc2(x))
        x = F.leaky_relu(x, 0.2)
        return F.log_softmax(self.fc3(x), dim=1)


def train(model, loader, optimizer, epoch):
    model.train()
    for data, target in loader:
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    from torchvision import datasets, transforms

    train_ds = datasets.FashionMNIST("data", train=True, download=True, transform=transforms.ToTensor())
    loader = torch.utils.data.DataLoader(train_ds, batch_size=100, shuffle=True)
    model = MLP()
    optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9)
    scheduler = StepLR(optimizer, step_size=1, gamma=0.7)
    for epoch in range(1, 4 + 1):
        train(model, loader, optimizer, epoch)
        scheduler.step()
