"""CNN-RNN text model: embedding, two Conv1d branches concatenated, a GRU, a classifier."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class CNNRNN(nn.Module):
    def __init__(self, vocab_size=2000, embed_dim=32, filters=16, hidden=24, num_classes=4):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.conv3 = nn.Conv1d(embed_dim, filters, kernel_size=3, padding=1)
        self.conv5 = nn.Conv1d(embed_dim, filters, kernel_size=5, padding=2)
        self.gru = nn.GRU(2 * filters, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, num_classes)

    def forward(self, tokens):
        x = self.embedding(tokens)          # (N, T, E)
        x = x.permute(0, 2, 1)              # (N, E, T) for Conv1d
        a = F.relu(self.conv3(x))
        b = F.relu(self.conv5(x))
        x = torch.cat([a, b], dim=1)        # (N, 2F, T)
        x = x.permute(0, 2, 1)              # (N, T, 2F)
        _, h = self.gru(x)
        return self.fc(h[-1])


if __name__ == "__main__":
    model = CNNRNN()
    print(model(torch.randint(0, 2000, (4, 30))).shape)
