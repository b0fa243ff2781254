"""Next-token prediction over a small vocabulary with an embedding, an LSTM and Adam; the batches
are windows of token ids the script cuts from an integer array it loads."""
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

HPARAMS = dict(vocab=200, embed=32, hidden=48, window=12, lr=2e-3, batch=32, epochs=3)


class NextToken(nn.Module):
    def __init__(self, vocab, embed, hidden, **unused):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.rnn = nn.LSTM(embed, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, tokens):
        states, _ = self.rnn(self.embed(tokens))
        return self.out(states[:, -1])


model = NextToken(**HPARAMS)

if __name__ == "__main__":
    ids = np.load("corpus_ids.npy")
    windows = np.lib.stride_tricks.sliding_window_view(ids, HPARAMS["window"] + 1)
    data = TensorDataset(torch.from_numpy(windows[:, :-1]).long(), torch.from_numpy(windows[:, -1]).long())
    loader = DataLoader(data, batch_size=HPARAMS["batch"], shuffle=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=HPARAMS["lr"])
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(HPARAMS["epochs"]):
        for tokens, target in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(tokens), target)
            loss.backward()
            optimizer.step()
