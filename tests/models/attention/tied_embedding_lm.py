"""A word-level transformer language model whose output layer shares the input embedding's
table when tie_weights is set (the decoder's weight assigned the encoder's), as PyTorch's
language-model examples do; hyper-parameters from a builder, the model built at the end."""
import math

from torch import nn


class TransformerLM(nn.Module):
    def __init__(self, ntoken, ninp, nhead, nhid, nlayers, dropout=0.2, tie_weights=False):
        super().__init__()
        self.ninp = ninp
        self.encoder = nn.Embedding(ntoken, ninp)
        layer = nn.TransformerEncoderLayer(ninp, nhead, nhid, dropout, batch_first=True)
        self.transformer = nn.TransformerEncoder(layer, nlayers, enable_nested_tensor=False)
        self.decoder = nn.Linear(ninp, ntoken, bias=not tie_weights)
        if tie_weights:
            if nhid != ninp:
                raise ValueError("When using the tied flag, nhid must be equal to emsize")
            self.decoder.weight = self.encoder.weight
        self.init_weights()

    def init_weights(self):
        initrange = 0.1
        nn.init.uniform_(self.encoder.weight, -initrange, initrange)

    def forward(self, src):
        x = self.encoder(src) * math.sqrt(self.ninp)
        mask = nn.Transformer.generate_square_subsequent_mask(src.size(1))
        x = self.transformer(x, mask=mask, is_causal=True)
        return self.decoder(x)


def build_model(ntokens=120, emsize=32, **kwargs):
    config = dict(nhead=4, nhid=emsize, nlayers=2, dropout=0.1)
    config.update(kwargs)
    return TransformerLM(ntokens, emsize, **config)


model = build_model(tie_weights=True)
