"""Activity classifier from sensor sequences: LSTM final hidden state h[-1] into a Linear."""
import torch.nn as nn


class SequenceClassifier(nn.Module):
    def __init__(self, n_features=6, n_hidden=128, n_classes=6, n_layers=2):
        super().__init__()
        self.lstm = nn.LSTM(input_size=n_features, hidden_size=n_hidden, num_layers=n_layers, batch_first=True,
                            dropout=0.3)
        self.classifier = nn.Linear(n_hidden, n_classes)

    def forward(self, x):
        _, (hidden, _) = self.lstm(x)
        out = hidden[-1]
        return self.classifier(out)
