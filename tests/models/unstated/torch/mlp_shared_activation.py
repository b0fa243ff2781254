"""Churn-prediction MLP that reuses one self.act module for every hidden layer."""
import torch.nn as nn


class ChurnModel(nn.Module):
    def __init__(self, num_features=11, hidden=(64, 32, 16)):
        super().__init__()
        self.fc1 = nn.Linear(num_features, hidden[0])
        self.fc2 = nn.Linear(hidden[0], hidden[1])
        self.fc3 = nn.Linear(hidden[1], hidden[2])
        self.out = nn.Linear(hidden[2], 1)
        self.act = nn.ReLU()

    def forward(self, x):
        x = self.act(self.fc1(x))
        x = self.act(self.fc2(x))
        x = self.act(self.fc3(x))
        return self.out(x)


if __name__ == "__main__":
    model = ChurnModel()
    print(model)
