"""The TensorFlow CNN tutorial network as an nn.Sequential."""
import torch
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 32, kernel_size=3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, kernel_size=3),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(64, 64, kernel_size=3),
    nn.ReLU(),
    nn.Flatten(),
    nn.Linear(1024, 64),
    nn.ReLU(),
    nn.Linear(64, 10),
)

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters())

if __name__ == "__main__":
    out = model(torch.randn(8, 3, 32, 32))
    print(out.shape)
