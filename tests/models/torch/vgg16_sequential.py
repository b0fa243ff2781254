"""VGG16 for CIFAR-10 as a single nn.Sequential (32x32 inputs, a small classifier)."""
import torch
import torch.nn as nn
import torch.optim as optim


def conv_block(in_ch, out_ch):
    return [nn.Conv2d(in_ch, out_ch, 3, padding=1), nn.BatchNorm2d(out_ch), nn.ReLU(inplace=True)]


model = nn.Sequential(
    *conv_block(3, 64), *conv_block(64, 64), nn.MaxPool2d(2, 2),
    *conv_block(64, 128), *conv_block(128, 128), nn.MaxPool2d(2, 2),
    *conv_block(128, 256), *conv_block(256, 256), *conv_block(256, 256), nn.MaxPool2d(2, 2),
    *conv_block(256, 512), *conv_block(512, 512), *conv_block(512, 512), nn.MaxPool2d(2, 2),
    *conv_block(512, 512), *conv_block(512, 512), *conv_block(512, 512), nn.MaxPool2d(2, 2),
    nn.Flatten(),
    nn.Linear(512, 512),
    nn.ReLU(inplace=True),
    nn.Dropout(0.5),
    nn.Linear(512, 10),
)

if __name__ == "__main__":
    import torchvision
    import torchvision.transforms as transforms
    transform = transforms.Compose([
        transforms.RandomCrop(32, padding=4),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
    ])
    trainset = torchvision.datasets.CIFAR10(root="./data", train=True, download=True, transform=transform)
    trainloader = torch.utils.data.DataLoader(trainset, batch_size=128, shuffle=True, num_workers=2)
    criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=200)
    for epoch in range(200):
        model.train()
        for inputs, targets in trainloader:
            optimizer.zero_grad()
            loss = criterion(model(inputs), targets)
            loss.backward()
            optimizer.step()
        scheduler.step()
