"""PyTorch code migrated from input.py by nnport."""

import math
import torch
from torch import nn
from torch.utils.data import DataLoader


class Lambda(nn.Module):
    """Applies a tensor function inside nn.Sequential (an op with no layer of its own)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


class Model(nn.Sequential):
    def __init__(self):
        super().__init__(
            Lambda(lambda x: x.permute((0, 3, 1, 2))),
            nn.Conv2d(1, 8, 3),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2, stride=2),
            nn.Conv2d(8, 16, 3, stride=2, padding=1),
            nn.ReLU(inplace=True),
            Lambda(lambda x: x.permute((0, 2, 3, 1))),
            nn.Flatten(),
            nn.Linear(784, 32),
            nn.ReLU(inplace=True),
            nn.Linear(32, 10),
            nn.Softmax(dim=1),
        )


def make_transform():
    """Each MNIST image -> a tensor in the model's input layout."""
    from torchvision import transforms

    return transforms.Compose(
        [
            transforms.ToTensor(),
            transforms.Lambda(lambda x: x.permute(1, 2, 0)),
        ]
    )


def load_data(root="data"):
    """torchvision's MNIST, with samples in the model's input layout."""
    from torchvision import datasets

    transform = make_transform()
    train_set = datasets.MNIST(root, train=True, download=True, transform=transform)
    test_set = datasets.MNIST(root, train=False, download=True, transform=transform)
    return train_set, test_set


def make_loaders(train_set, test_set, batch_size=128):
    """Shuffled training batches; validation data: none."""
    val_set = None
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=batch_size) if val_set is not None else None
    return train_loader, val_loader, DataLoader(test_set, batch_size=batch_size)


class KerasAdam(torch.optim.Adam):
    """torch.optim.Adam with Keras' epsilon, added before the bias correction of the second
    moment: torch's eps at step t is epsilon / sqrt(1 - beta_2 ** t)."""

    def __init__(self, params, **kwargs):
        super().__init__(params, **kwargs)
        for group in self.param_groups:
            group["keras_eps"] = group["eps"]

    def step(self, closure=None):
        for group in self.param_groups:
            done = [int(self.state[p]["step"]) for p in group["params"] if "step" in self.state[p]]
            step = max(done, default=0) + 1
            group["eps"] = group["keras_eps"] / math.sqrt(1.0 - group["betas"][1] ** step)
        return super().step(closure)


def make_optimizer(model):
    return KerasAdam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-07, weight_decay=0.0)


def make_scheduler(optimizer):
    return None


criterion = nn.NLLLoss()


def compute_loss(outputs, targets):
    return criterion(torch.log(outputs.clamp_min(1e-30)), targets.long())


def train_step(model, optimizer, inputs, targets):
    """One optimizer step on one batch; returns the batch's loss."""
    optimizer.zero_grad()
    loss = compute_loss(model(inputs), targets)
    loss.backward()
    optimizer.step()
    return loss.item()


def train_one_epoch(model, loader, optimizer, scheduler=None):
    """One pass over the training batches; returns the mean loss."""
    model.train()
    total, count = 0.0, 0
    for inputs, targets in loader:
        total += train_step(model, optimizer, inputs, targets) * len(inputs)
        count += len(inputs)
    return total / count


def evaluate(model, loader):
    """Mean loss and accuracy over a loader, in eval mode."""
    model.eval()
    total, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for inputs, targets in loader:
            outputs = model(inputs)
            total += compute_loss(outputs, targets).item() * len(inputs)
            correct += (outputs.argmax(dim=1) == targets).sum().item()
            count += len(inputs)
    return {"loss": total / count, "accuracy": correct / count}


def train(model, train_loader, val_loader=None, epochs=2):
    optimizer = make_optimizer(model)
    scheduler = make_scheduler(optimizer)
    history = []
    for epoch in range(epochs):
        logs = {"loss": train_one_epoch(model, train_loader, optimizer, scheduler)}
        if val_loader is not None:
            logs.update(
                {f"val_{name}": value for name, value in evaluate(model, val_loader).items()}
            )
        history.append(logs)
        print(f"epoch {epoch + 1}/{epochs}", ", ".join(f"{k}={v:.4f}" for k, v in logs.items()))
    return history


if __name__ == "__main__":
    model = Model()
    train_loader, val_loader, test_loader = make_loaders(*load_data())
    train(model, train_loader, val_loader)
    print("test", evaluate(model, test_loader))
