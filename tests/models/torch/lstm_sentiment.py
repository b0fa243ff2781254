"""LSTM sentiment classifier over token ids (IMDB-style), binary output."""
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

VOCAB_SIZE = 5000
EMBED_DIM = 64
HIDDEN = 32
MAX_LEN = 40


class SentimentLSTM(nn.Module):
    def __init__(self, vocab_size=VOCAB_SIZE, embed_dim=EMBED_DIM, hidden_dim=HIDDEN, n_layers=2, drop_prob=0.3):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, n_layers, dropout=drop_prob, batch_first=True)
        self.dropout = nn.Dropout(drop_prob)
        self.fc = nn.Linear(hidden_dim, 1)

    def forward(self, x):
        embeds = self.embedding(x)
        lstm_out, (hidden, cell) = self.lstm(embeds)
        out = self.dropout(hidden[-1])
        out = self.fc(out)
        return torch.sigmoid(out)


if __name__ == "__main__":
    model = SentimentLSTM()
    x = torch.randint(0, VOCAB_SIZE, (16, MAX_LEN))
    y = torch.randint(0, 2, (16, 1)).float()
    loader = DataLoader(TensorDataset(x, y), batch_size=8, shuffle=True)
    criterion = nn.BCELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    for epoch in range(3):
        for inputs, labels in loader:
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5)
            optimizer.step()
    print(model(x).shape)
