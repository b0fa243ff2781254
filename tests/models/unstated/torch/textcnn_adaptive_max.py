"""Intent classifier: Conv1d stack over embeddings, AdaptiveMaxPool1d(1) then squeeze(-1)."""
import torch
import torch.nn as nn


class IntentCNN(nn.Module):
    def __init__(self, vocab_size=12000, embed_size=128, num_intents=21):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_size)
        self.conv1 = nn.Conv1d(embed_size, 128, kernel_size=3)
        self.bn1 = nn.BatchNorm1d(128)
        self.conv2 = nn.Conv1d(128, 128, kernel_size=3)
        self.bn2 = nn.BatchNorm1d(128)
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.classifier = nn.Linear(128, num_intents)

    def forward(self, input_ids):
        x = self.embedding(input_ids).transpose(1, 2)
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.bn2(self.conv2(x)))
        x = self.pool(x).squeeze(-1)
        return self.classifier(x)


if __name__ == "__main__":
    net = IntentCNN()
    print(sum(p.numel() for p in net.parameters()))
