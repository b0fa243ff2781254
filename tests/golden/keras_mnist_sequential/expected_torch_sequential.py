"""PyTorch code migrated from input.py by nnport."""

import torch
from torch import nn
from torch.utils.data import DataLoader, Subset


class Model(nn.Sequential):
    def __init__(self):
        super().__init__(
            nn.Linear(784, 128),
            nn.ReLU(inplace=True),
            nn.Dropout(p=0.2),
            nn.Linear(128, 64),
            nn.ReLU(inplace=True),
            nn.Linear(64, 10),
            nn.Softmax(dim=1),
        )


def make_transform():
    """Each MNIST image -> a tensor in the model's input layout."""
    from torchvision import transforms

    return transforms.Compose(
        [
            transforms.ToTensor(),
            transforms.Lambda(lambda x: x.reshape(784)),
        ]
    )


def load_data(root="data"):
    """torchvision's MNIST, with samples in the model's input layout."""
    from torchvision import datasets

    transform = make_transform()
    train_set = datasets.MNIST(root, train=True, download=True, transform=transform)
    test_set = datasets.MNIST(root, train=False, download=True, transform=transform)
    return train_set, test_set


def make_loaders(train_set, test_set, batch_size=64):
    """Shuffled training batches; validation data is the last 0.1 of the training
    set (as Keras' validation_split)."""
    n_val = int(len(train_set) * 0.1)
    val_set = Subset(train_set, range(len(train_set) - n_val, len(train_set)))
    train_set = Subset(train_set, range(len(train_set) - n_val))
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=batch_size) if val_set is not None else None
    return train_loader, val_loader, DataLoader(test_set, batch_size=batch_size)


class KerasRMSprop(torch.optim.RMSprop):
    """torch.optim.RMSprop with Keras' update: epsilon inside the square root of the mean square,
    and the momentum buffer accumulating lr * gradient / sqrt(mean square + epsilon)."""

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            alpha, eps, lr, momentum = group["alpha"], group["eps"], group["lr"], group["momentum"]
            for param in (p for p in group["params"] if p.grad is not None):
                grad = param.grad
                if group["weight_decay"]:
                    grad = grad.add(param, alpha=group["weight_decay"])
                state = self.state[param]
                if not state:
                    for name in ("square_avg", "grad_avg", "momentum_buffer"):
                        state[name] = torch.zeros_like(param)
                mean_square = state["square_avg"].mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
                if group["centered"]:
                    grad_avg = state["grad_avg"].mul_(alpha).add_(grad, alpha=1 - alpha)
                    mean_square = mean_square - grad_avg * grad_avg
                increment = lr * grad / (mean_square + eps).sqrt()
                if momentum > 0:
                    increment = state["momentum_buffer"].mul_(momentum).add_(increment)
                param.sub_(increment)
        return loss


def make_optimizer(model):
    return KerasRMSprop(
        model.parameters(), lr=0.001, alpha=0.9, eps=1e-07, momentum=0.0, weight_decay=0.0
    )


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


def train(model, train_loader, val_loader=None, epochs=5):
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
