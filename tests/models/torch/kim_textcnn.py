"""Kim (2014) CNN for sentence classification: several filter widths in a ModuleList, max over time."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class TextCNN(nn.Module):
    def __init__(self, vocab_size=3000, embed_dim=50, num_filters=20, kernel_sizes=(3, 4, 5), num_classes=2,
                 dropout=0.5):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.convs = nn.ModuleList([nn.Conv1d(embed_dim, num_filters, k) for k in kernel_sizes])
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(len(kernel_sizes) * num_filters, num_classes)

    def forward(self, x):
        x = self.embedding(x).transpose(1, 2)
        pooled = [F.relu(conv(x)).max(dim=2)[0] for conv in self.convs]
        x = torch.cat(pooled, dim=1)
        return self.fc(self.dropout(x))


if __name__ == "__main__":
    model = TextCNN()
    tokens = torch.randint(0, 3000, (8, 25))
    print(model(tokens).shape)
    optimizer = torch.optim.Adadelta(model.parameters(), lr=1.0, rho=0.95)
    criterion = nn.CrossEntropyLoss()
