"""PyTorch code migrated from input.py by nnport."""

import math
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, Subset, TensorDataset


class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(5000, 32)
        self.conv1d = nn.Conv1d(32, 32, 5, padding=2)
        self.max_pooling1d = nn.MaxPool1d(2, stride=2)
        self.gru = nn.GRU(32, 24, batch_first=True)
        self.dropout = nn.Dropout(p=0.3)
        self.dense = nn.Linear(24, 3)

    def forward(self, tokens):
        x = self.embedding(tokens)
        x_nct = x.permute((0, 2, 1))
        x = self.conv1d(x_nct)
        x = F.relu(x)
        x = self.max_pooling1d(x)
        x_ntc = x.permute((0, 2, 1))
        _, x = self.gru(x_ntc)
        x = x[-1]
        x = self.dropout(x)
        outputs = self.dense(x)
        outputs = F.softmax(outputs, dim=1)
        return outputs


def load_arrays():
    """Return (x_train, y_train), (x_test, y_test) as numpy arrays in the model's input layout."""
    raise NotImplementedError("the source loads its data with arrays: fill in load_arrays()")


def as_dataset(x, y):
    """Arrays of inputs (already in the model's input layout) and targets as a dataset."""
    return TensorDataset(torch.as_tensor(x, dtype=torch.long), torch.as_tensor(y))


def load_data(root="data"):
    """Training and test sets as tensors."""
    (x_train, y_train), (x_test, y_test) = load_arrays()
    return as_dataset(x_train, y_train), as_dataset(x_test, y_test)


def make_loaders(train_set, test_set, batch_size=32):
    """Shuffled training batches; validation data is the last 0.25 of the training
    set (as Keras' validation_split)."""
    n_val = int(len(train_set) * 0.25)
    val_set = Subset(train_set, range(len(train_set) - n_val, len(train_set)))
    train_set = Subset(train_set, range(len(train_set) - n_val))
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
    return KerasAdam(model.parameters(), lr=0.0005, betas=(0.9, 0.999), eps=1e-07, weight_decay=0.0)


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


def improved(value, best, mode, min_delta=0.0):
    if best is None:
        return True
    return value < best - min_delta if mode == "min" else value > best + min_delta


def train(model, train_loader, val_loader=None, epochs=10):
    optimizer = make_optimizer(model)
    scheduler = make_scheduler(optimizer)
    history = []
    best, wait = None, 0
    best_state = None  # weights of the best epoch, put back when training ends (as Keras does)
    for epoch in range(epochs):
        logs = {"loss": train_one_epoch(model, train_loader, optimizer, scheduler)}
        if val_loader is not None:
            logs.update(
                {f"val_{name}": value for name, value in evaluate(model, val_loader).items()}
            )
        history.append(logs)
        print(f"epoch {epoch + 1}/{epochs}", ", ".join(f"{k}={v:.4f}" for k, v in logs.items()))
        value = logs["val_loss"]
        wait += 1
        if improved(value, best, "min", 0.0):
            best, wait = value, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        elif wait >= 2 and epoch > 0:
            print(f"early stopping after epoch {epoch + 1}")
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    return history


if __name__ == "__main__":
    model = Model()
    train_loader, val_loader, test_loader = make_loaders(*load_data())
    train(model, train_loader, val_loader)
    print("test", evaluate(model, test_loader))
