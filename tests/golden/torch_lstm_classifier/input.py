"""Sentence classifier: embeddings, a two-layer LSTM, the last layer's final state feeds the head."""
import torch
import torch.nn as nn


class SentimentLSTM(nn.Module):
    def __init__(self, vocab_size=1000, embed_dim=32, hidden_dim=48, num_classes=2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers=2, batch_first=True)
        self.dropout = nn.Dropout(0.3)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, tokens):
        embedded = self.embedding(tokens)
        _, (h_n, _) = self.lstm(embedded)
        return self.fc(self.dropout(h_n[-1]))


if __name__ == "__main__":
    model = SentimentLSTM()
    tokens = torch.randint(0, 1000, (4, 25))
    print(model(tokens).shape)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.002)
