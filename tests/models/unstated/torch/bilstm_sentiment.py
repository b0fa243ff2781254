"""Sentiment classifier: embedding, 2-layer bidirectional LSTM, final states of both directions concatenated."""
import torch
import torch.nn as nn


class BiLSTMSentiment(nn.Module):
    def __init__(self, vocab_size=25000, embedding_dim=100, hidden_dim=256, output_dim=1, n_layers=2,
                 dropout=0.2):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(input_size=embedding_dim, hidden_size=hidden_dim, num_layers=n_layers,
                            batch_first=True, bidirectional=True, dropout=dropout)
        self.fc = nn.Linear(hidden_dim * 2, output_dim)
        self.dropout = nn.Dropout(dropout)

    def forward(self, text):
        embedded = self.dropout(self.embedding(text))
        output, (hidden, cell) = self.lstm(embedded)
        hidden = self.dropout(torch.cat((hidden[-2], hidden[-1]), dim=1))
        return self.fc(hidden)
