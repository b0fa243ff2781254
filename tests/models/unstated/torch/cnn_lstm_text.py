"""CNN-LSTM text model: Conv1d and MaxPool1d over embeddings, back to (N, T, C), LSTM, last step."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class CNNLSTM(nn.Module):
    def __init__(self, vocab_size=20000, embed_dim=128, conv_channels=64, lstm_hidden=70, num_classes=1):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.conv = nn.Conv1d(embed_dim, conv_channels, kernel_size=5)
        self.pool = nn.MaxPool1d(4)
        self.lstm = nn.LSTM(conv_channels, lstm_hidden, batch_first=True)
        self.fc = nn.Linear(lstm_hidden, num_classes)
        self.dropout = nn.Dropout(0.25)

    def forward(self, x):
        x = self.dropout(self.embedding(x))
        x = x.transpose(1, 2)
        x = self.pool(F.relu(self.conv(x)))
        x = x.transpose(1, 2)
        out, _ = self.lstm(x)
        return torch.sigmoid(self.fc(out[:, -1, :]))
