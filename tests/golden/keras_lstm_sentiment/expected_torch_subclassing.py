"""PyTorch code migrated from input.py by nnport."""

import math
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(2000, 32)
        self.lstm = nn.LSTM(32, 32, batch_first=True)
        self.lstm_1 = nn.LSTM(32, 16, batch_first=True)
        self.dense = nn.Linear(16, 1)

    def forward(self, inputs):
        x = self.embedding(inputs)
        x, (_, _) = self.lstm(x)
        _, (x, _) = self.lstm_1(x)
        x = x[-1]
        x = self.dense(x)
        x = F.sigmoid(x)
        return x


def load_arrays():
    """Return (x_train, y_train), (x_test, y_test) as numpy arrays in the model's input layout."""
    # TODO(nnport): a step of the input data is not translated
    #   — source line 18: keras.utils.pad_sequences(x_train, maxlen=maxlen)
    # TODO(nnport): a step of the input data is not translated
    #   — source line 19: keras.utils.pad_sequences(x_test, maxlen=maxlen)
    raise NotImplementedError("the source loads its data with imdb: fill in load_arrays()")


def as_dataset(x, y):
    """Arrays of inputs (already in the model's input layout) and targets as a dataset."""
    return TensorDataset(torch.as_tensor(x, dtype=torch.long), torch.as_tensor(y))


def load_data(root="data"):
    """Training and test sets as tensors."""
    (x_train, y_train), (x_test, y_test) = load_arrays()
    return as_dataset(x_train, y_train), as_dataset(x_test, y_test)


def make_loaders(train_set, test_set, batch_size=32):
    """Shuffled training batches; validation data is the test set."""
    val_set = test_set
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
    for module in model.modules():  # Keras' one bias: PyTorch's second stays at zero, as converted
        if isinstance(module, torch.nn.LSTM):
            for name, param in module.named_parameters():
                if name.startswith("bias_hh"):
                    param.requires_grad_(False)
    return KerasAdam(model.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-07, weight_decay=0.0)


def make_scheduler(optimizer):
    return None


criterion = nn.BCELoss()


def compute_loss(outputs, targets):
    return criterion(outputs, targets.float().view_as(outputs))


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
            correct += ((outputs > 0.5).float() == targets.float().view_as(outputs)).sum().item()
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
