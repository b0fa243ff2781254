"""Softmax regression on 28 x 28 images; hyper-parameters set by tuple unpacking, the forward reads a module constant."""
import torch
import torch.nn as nn

# Hyper-parameters
input_size, num_classes = 28 * 28, 10
num_epochs, batch_size, learning_rate = 5, 100, 0.001


class SoftmaxRegression(nn.Module):
    def __init__(self, input_size, num_classes):
        super().__init__()
        self.linear = nn.Linear(input_size, num_classes)

    def forward(self, images):
        return self.linear(images.reshape(-1, input_size))


model = SoftmaxRegression(input_size, num_classes)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)


def train(loader):
    for epoch in range(num_epochs):
        for i, (images, labels) in enumerate(loader):
            outputs = model(images)
            loss = criterion(outputs, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if (i + 1) % 100 == 0:
                print(f"Epoch [{epoch + 1}/{num_epochs}], Step {i + 1}, Loss: {loss.item():.4f}")


if __name__ == "__main__":
    fake_images = torch.rand(batch_size, 1, 28, 28)
    fake_labels = torch.randint(0, num_classes, (batch_size,))
    train([(fake_images, fake_labels)])
