"""Fast training with the one-cycle policy: the rate warms up to max_lr and anneals within the
run, stepped after every batch."""
import torch
from torch import nn

BATCH_SIZE = 32
EPOCHS = 5
STEPS_PER_EPOCH = 512 // BATCH_SIZE


def build_model(in_features=16, width=64, n_classes=3):
    return nn.Sequential(nn.Linear(in_features, width), nn.GELU(), nn.Linear(width, n_classes))


model = build_model()
x, y = torch.randn(512, 16), torch.randint(0, 3, (512,))
train_loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=BATCH_SIZE, shuffle=True)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, epochs=EPOCHS, steps_per_epoch=STEPS_PER_EPOCH,
                                                cycle_momentum=False)
criterion = nn.CrossEntropyLoss(label_smoothing=0.0)
for epoch in range(EPOCHS):
    for inputs, targets in train_loader:
        optimizer.zero_grad()
        criterion(model(inputs), targets).backward()
        optimizer.step()
        scheduler.step()
