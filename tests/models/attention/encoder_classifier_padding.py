"""Text classifier: token embeddings, a pre-norm transformer encoder that ignores padded
positions, the first ([CLS]) token's state into a linear head."""
import math

from torch import nn

CONFIG = {"vocab_size": 1000, "d_model": 32, "nhead": 4, "num_layers": 2, "dim_feedforward": 64, "num_classes": 5}


class EncoderClassifier(nn.Module):
    def __init__(self, vocab_size, d_model, nhead, num_layers, dim_feedforward, num_classes, dropout=0.1, **kwargs):
        super().__init__()
        self.d_model = d_model
        self.embedding = nn.Embedding(vocab_size, d_model)
        block = nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout, activation="gelu",
                                           batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(block, num_layers, norm=nn.LayerNorm(d_model))
        self.classifier = nn.Linear(d_model, num_classes)

    def forward(self, tokens, padding_mask):
        x = self.embedding(tokens) * math.sqrt(self.d_model)
        x = self.encoder(x, src_key_padding_mask=padding_mask)
        return self.classifier(x[:, 0])


def build_model(**overrides):
    config = dict(CONFIG)
    config.update(overrides)
    return EncoderClassifier(**config)


model = build_model()
