"""MNIST classifier trained by hand: a rotation augmentation, a feature permutation per batch,
clipping that raises on non-finite norms and a learning rate of 0.1 / (1 + epoch)."""
import torch
from torch import nn
from torchvision import datasets, transforms

LR = 0.1
EPOCHS = 3


class Classifier(nn.Module):
    def __init__(self, hidden=64, num_classes=10):
        super().__init__()
        self.body = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, hidden), nn.ReLU(), nn.Linear(hidden, num_classes))

    def forward(self, x):
        return self.body(x)


def main():
    transform = transforms.Compose([transforms.RandomRotation(10), transforms.ToTensor()])
    train_set = datasets.MNIST("data", train=True, download=True, transform=transform)
    loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)
    model = Classifier()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(EPOCHS):
        for group in optimizer.param_groups:
            group["lr"] = LR / (1 + epoch)
        for images, labels in loader:
            images = images[:, :, torch.randperm(28)]
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0, error_if_nonfinite=True)
            optimizer.step()
        print(f"epoch {epoch}: {loss.item():.4f}")


if __name__ == "__main__":
    main()
