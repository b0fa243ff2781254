"""A small GPT: token embeddings plus learned position embeddings of torch.arange over the
sequence, pre-norm causal self-attention blocks, next-token logits. Sizes come from a table of
named configurations through a builder; the model is built in the __main__ block."""
import torch
from torch import nn

CONFIGS = {
    "gpt-nano": dict(n_layer=2, n_head=4, n_embd=32),
    "gpt-micro": dict(n_layer=4, n_head=4, n_embd=128),
}


class Block(nn.Module):
    def __init__(self, n_embd, n_head, dropout):
        super().__init__()
        self.ln_1 = nn.LayerNorm(n_embd)
        self.attn = nn.MultiheadAttention(n_embd, n_head, dropout=dropout, batch_first=True)
        self.ln_2 = nn.LayerNorm(n_embd)
        self.mlp = nn.Sequential(
            nn.Linear(n_embd, 4 * n_embd),
            nn.GELU(),
            nn.Linear(4 * n_embd, n_embd),
            nn.Dropout(dropout),
        )

    def forward(self, x, mask):
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, vocab_size, block_size, n_layer, n_head, n_embd, dropout=0.1):
        super().__init__()
        self.block_size = block_size
        self.tok_emb = nn.Embedding(vocab_size, n_embd)
        self.pos_emb = nn.Embedding(block_size, n_embd)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList([Block(n_embd, n_head, dropout) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab_size, bias=False)

    def forward(self, idx):
        b, t = idx.size()
        assert t <= self.block_size, f"sequence of {t} tokens, block size {self.block_size}"
        pos = torch.arange(0, t, dtype=torch.long, device=idx.device).unsqueeze(0)  # (1, t)
        x = self.drop(self.tok_emb(idx) + self.pos_emb(pos))
        mask = nn.Transformer.generate_square_subsequent_mask(t, device=idx.device)
        for block in self.blocks:
            x = block(x, mask)
        return self.lm_head(self.ln_f(x))


def build_gpt(name="gpt-nano", **overrides):
    config = dict(vocab_size=96, block_size=32, dropout=0.1)
    config.update(CONFIGS[name])
    config.update(overrides)
    return GPT(**config)


if __name__ == "__main__":
    model = build_gpt()
    idx = torch.randint(0, 96, (2, 16))
    print(model(idx).shape)
