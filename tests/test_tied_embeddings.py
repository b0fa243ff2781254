"""Tied weights (``self.head.weight = self.tok_emb.weight``): the output layer computes with the
input embedding's table. Keras writes it as ``layers.ReversibleEmbedding`` called with
``reverse=True``; the table converts with the embedding, and the migrated model computes what
PyTorch computes. What has no tied spelling is refused with its reason."""
from pathlib import Path

import pytest
from backend_ir import migrate_and_verify
from test_generated_lint import lint

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

MODELS = Path(__file__).parent / "models" / "attention"
ATOL = 1e-5

LM = """
from torch import nn


class TinyLM(nn.Module):
    def __init__(self, vocab_size=50, n_embd=16):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab_size, n_embd)
        self.ln = nn.LayerNorm(n_embd)
        self.head = nn.Linear(n_embd, vocab_size{bias})
        {tie}

    def forward(self, idx):
        return self.head(self.ln(self.tok_emb(idx)))
"""
TIE = "self.head.weight = self.tok_emb.weight"


def test_transformer_language_model_with_tied_weights(tmp_path):
    name = "tied_embedding_lm.py"
    code, result = migrate_and_verify((MODELS / name).read_text(), tmp_path, "keras", name=name)
    assert "self.encoder = layers.ReversibleEmbedding(120, 32)" in code
    assert "self.encoder(x, reverse=True)" in code and "decoder" not in code
    assert result.passed and result.max <= ATOL, result.summary()
    out = tmp_path / "generated.py"
    out.write_text(code)
    lint([out])


@pytest.mark.parametrize("style", ["subclassing", "functional"])
def test_tied_head_in_each_style_that_can_hold_it(tmp_path, style):
    code, result = migrate_and_verify(LM.format(bias=", bias=False", tie=TIE), tmp_path, "keras", style=style)
    assert "ReversibleEmbedding(50, 16" in code and "reverse=True)" in code
    assert result.passed and result.max <= ATOL, result.summary()


def test_untied_head_stays_a_dense_layer(tmp_path):
    code, result = migrate_and_verify(LM.format(bias=", bias=False", tie=""), tmp_path, "keras")
    assert "ReversibleEmbedding" not in code and "layers.Dense(vocab_size, use_bias=False)" in code
    assert result.passed, result.summary()


REFUSED = {  # id -> (source, style, diagnostic)
    "bias": (LM.format(bias="", tie=TIE), None, ("head has a bias; Keras's tied output (ReversibleEmbedding "
                                                "called with reverse=True) has none")),
    "sequential": (LM.format(bias=", bias=False", tie=TIE), "sequential",
                   "layer 'tok_emb' is applied more than once with its weights"),
    "not-an-embedding": (LM.format(bias=", bias=False", tie="self.head.weight = self.ln.weight"), None,
                         "tied weights are read from a linear layer to an embedding"),
    "shapes-disagree": (LM.format(bias=", bias=False", tie=TIE).replace("nn.Linear(n_embd, vocab_size",
                                                                         "nn.Linear(n_embd, 40"), None,
                        "the linear layer's weight is (40, 16), the table (50, 16): PyTorch would fail"),
}


@pytest.mark.parametrize("source, style, message", REFUSED.values(), ids=REFUSED)
def test_what_has_no_tied_spelling_is_refused(tmp_path, source, style, message):
    path = tmp_path / "net.py"
    path.write_text(source)
    with pytest.raises(NnportError) as refused:
        migrate(path, WriteOptions(target="keras", style=style, only_model=True))
    assert message in str(refused.value)
