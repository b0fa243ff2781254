"""Bidirectional LSTM: the output at the last time step feeds a classifier."""
import torch
import torch.nn as nn


class BiLSTM(nn.Module):
    def __init__(self, vocab=1000, embed=24, hidden=16, classes=5):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed, padding_idx=0)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(2 * hidden, classes)

    def forward(self, x):
        out, _ = self.lstm(self.embed(x))
        out = out[:, -1, :]
        return self.fc(out)


if __name__ == "__main__":
    model = BiLSTM()
    print(model(torch.randint(1, 1000, (3, 12))).shape)
