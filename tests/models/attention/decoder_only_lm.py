"""A small GPT-style language model without position embeddings (the causal mask alone tells the
order): token embeddings, a stack of causal self-attention blocks (nn.TransformerEncoder with the
square subsequent mask), next-token logits."""
from torch import nn


class TinyLM(nn.Module):
    def __init__(self, vocab_size=512, n_embd=32, n_head=4, n_layer=2, dropout=0.1):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab_size, n_embd)
        layer = nn.TransformerEncoderLayer(n_embd, n_head, 4 * n_embd, dropout, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, n_layer)
        self.ln_f = nn.LayerNorm(n_embd)
        self.head = nn.Linear(n_embd, vocab_size, bias=False)

    def forward(self, idx):
        x = self.tok_emb(idx)
        mask = nn.Transformer.generate_square_subsequent_mask(x.size(1))
        x = self.blocks(x, mask=mask, is_causal=True)
        return self.head(self.ln_f(x))


model = TinyLM()
