"""Per-step sequence regressor: two-layer GRU with dropout, a Linear applied at every time step."""
import torch.nn as nn


class Seq2SeqGRU(nn.Module):
    def __init__(self, in_dim=4, hidden=32, out_dim=2):
        super().__init__()
        self.gru = nn.GRU(in_dim, hidden, num_layers=2, batch_first=True, dropout=0.1)
        self.proj = nn.Linear(hidden, out_dim)

    def forward(self, x):
        y, _ = self.gru(x)
        return self.proj(y)


if __name__ == "__main__":
    model = Seq2SeqGRU()
    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    print(f"{n_params} trainable parameters")
