"""Character-level LSTM language model; the vocabulary is the set of characters of a text file read at start-up."""
import torch
import torch.nn as nn

with open("input.txt", "r", encoding="utf-8") as f:
    text = f.read()

chars = sorted(set(text))
vocab_size = len(chars)
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for ch, i in stoi.items()}
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
block_size, batch_size = 64, 32


class CharLSTM(nn.Module):
    def __init__(self, vocab_size, embed_dim=64, hidden_size=256, num_layers=2, dropout=0.1):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_size, num_layers, batch_first=True, dropout=dropout)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, idx):
        out, _ = self.lstm(self.embed(idx))
        return self.head(out)


def get_batch():
    ix = torch.randint(len(data) - block_size - 1, (batch_size,))
    x = torch.stack([data[i:i + block_size] for i in ix])
    y = torch.stack([data[i + 1:i + block_size + 1] for i in ix])
    return x, y


model = CharLSTM(vocab_size)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
for step in range(100):
    xb, yb = get_batch()
    logits = model(xb)
    loss = nn.functional.cross_entropy(logits.reshape(-1, vocab_size), yb.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
print("".join(itos[i] for i in data[:20].tolist()))
