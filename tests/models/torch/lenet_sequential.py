"""LeNet-5 as a single nn.Sequential, trained on MNIST."""
import torch
import torch.nn as nn
import torch.optim as optim
from torch.utils.data import DataLoader

net = nn.Sequential(
    nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Tanh(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Conv2d(6, 16, kernel_size=5), nn.Tanh(),
    nn.AvgPool2d(kernel_size=2, stride=2),
    nn.Flatten(),
    nn.Linear(16 * 5 * 5, 120), nn.Tanh(),
    nn.Linear(120, 84), nn.Tanh(),
    nn.Linear(84, 10),
)

if __name__ == "__main__":
    from torchvision import datasets, transforms
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_data = datasets.MNIST("data", train=True, download=True, transform=transform)
    test_data = datasets.MNIST("data", train=False, transform=transform)
    train_iter = DataLoader(train_data, batch_size=256, shuffle=True)
    test_iter = DataLoader(test_data, batch_size=256)

    loss = nn.CrossEntropyLoss()
    trainer = optim.SGD(net.parameters(), lr=0.9)
    num_epochs = 10

    for epoch in range(num_epochs):
        net.train()
        for X, y in train_iter:
            trainer.zero_grad()
            l = loss(net(X), y)
            l.backward()
            trainer.step()
        net.eval()
        correct = 0
        with torch.no_grad():
            for X, y in test_iter:
                correct += (net(X).argmax(dim=1) == y).sum().item()
        print(epoch, correct / len(test_data))
