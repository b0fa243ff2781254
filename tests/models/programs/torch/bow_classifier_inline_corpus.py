"""Bag-of-embeddings sentence classifier; vocabulary and label set built by comprehensions from sentences in the file."""
import torch
import torch.nn as nn

corpus = [
    ("the movie was great fun", "pos"),
    ("what a boring and slow film", "neg"),
    ("great acting and a clever plot", "pos"),
    ("the plot was dull", "neg"),
    ("it was fine i guess", "neu"),
]
words = sorted({w for sentence, _ in corpus for w in sentence.split()})
vocab = {w: i + 1 for i, w in enumerate(words)}  # 0 is padding
labels = sorted({label for _, label in corpus})
label_to_ix = {label: i for i, label in enumerate(labels)}


class BagOfEmbeddings(nn.Module):
    def __init__(self, vocab_size, embed_dim, num_labels):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        self.fc = nn.Linear(embed_dim, num_labels)

    def forward(self, token_ids):
        return self.fc(self.embedding(token_ids).mean(dim=1))


def encode(sentence, length=8):
    ids = [vocab[w] for w in sentence.split()][:length]
    return ids + [0] * (length - len(ids))


model = BagOfEmbeddings(len(vocab) + 1, 16, len(labels))
x = torch.tensor([encode(s) for s, _ in corpus])
y = torch.tensor([label_to_ix[label] for _, label in corpus])
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for _ in range(50):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
