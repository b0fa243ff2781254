"""A shared trunk with a ModuleDict of heads: several outputs."""
import torch
import torch.nn as nn


class MultiHead(nn.Module):
    def __init__(self, in_features=16, hidden=32, tasks=None):
        super().__init__()
        tasks = tasks if tasks is not None else {"age": 1, "gender": 2, "mood": 5}
        self.trunk = nn.Sequential(nn.Linear(in_features, hidden), nn.Tanh())
        self.heads = nn.ModuleDict({name: nn.Linear(hidden, size) for name, size in tasks.items()})

    def forward(self, x):
        h = self.trunk(x)
        age = self.heads["age"](h)
        gender = torch.sigmoid(self.heads["gender"](h))
        mood = torch.softmax(self.heads["mood"](h), dim=1)
        return age, gender, mood


if __name__ == "__main__":
    print([t.shape for t in MultiHead()(torch.randn(3, 16))])
