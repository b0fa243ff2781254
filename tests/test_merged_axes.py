"""``out.reshape(out.size(0) * out.size(1), out.size(2))``: a product of a tensor's own sizes in a
reshape merges those axes (one row per time step of an RNN's output). Migrated, run, compared."""
import pytest
from backend_ir import migrate_and_verify

pytest.importorskip("torch")
pytest.importorskip("keras")

WORD_LM = '''import torch
import torch.nn as nn

embed_size = 12
hidden_size = 16
num_layers = 1
vocab_size = 30


class RNNLM(nn.Module):
    def __init__(self, vocab_size, embed_size, hidden_size, num_layers):
        super(RNNLM, self).__init__()
        self.embed = nn.Embedding(vocab_size, embed_size)
        self.lstm = nn.LSTM(embed_size, hidden_size, num_layers, batch_first=True)
        self.linear = nn.Linear(hidden_size, vocab_size)

    def forward(self, x):
        x = self.embed(x)
        out, (h, c) = self.lstm(x)
        out = out.reshape(out.size(0)*out.size(1), out.size(2))
        return self.linear(out)


model = RNNLM(vocab_size, embed_size, hidden_size, num_layers)
'''


@pytest.mark.parametrize("layout", ["source", "native"])
def test_reshape_by_a_product_of_sizes_merges_the_axes(tmp_path, layout):
    code, result = migrate_and_verify(WORD_LM, tmp_path, "keras", layout=layout)
    assert "keras.ops.reshape(out, (-1, 16))" in code
    assert result.passed and result.max <= 1e-5, result.summary()

