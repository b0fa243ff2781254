"""A recurrent layer called with initial states from the caller (``self.lstm(x, h)``, a language
model carrying its states across batches) is refused where it is called: Keras takes the states of
one layer as a list of (N, hidden) tensors, PyTorch a (h, c) pair of (layers, N, hidden), and
passing them through as they are would compute something else. Zero states are the default and
migrate."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

LANGUAGE_MODEL = '''import torch
import torch.nn as nn


class RNNLM(nn.Module):
    def __init__(self, vocab_size=100, embed_size=16, hidden_size=32, num_layers=1):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_size)
        self.lstm = nn.LSTM(embed_size, hidden_size, num_layers, batch_first=True)
        self.linear = nn.Linear(hidden_size, vocab_size)

    def forward(self, x, h):
        x = self.embed(x)
        out, (h, c) = self.lstm(x, h)
        return self.linear(out), (h, c)
'''

ZERO_STATES = '''import torch
import torch.nn as nn


class RNNLM(nn.Module):
    def __init__(self, vocab_size=100, embed_size=16, hidden_size=32, num_layers=1):
        super().__init__()
        self.num_layers, self.hidden_size = num_layers, hidden_size
        self.embed = nn.Embedding(vocab_size, embed_size)
        self.lstm = nn.LSTM(embed_size, hidden_size, num_layers, batch_first=True)
        self.linear = nn.Linear(hidden_size, vocab_size)

    def forward(self, x):
        x = self.embed(x)
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size)
        c0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size)
        out, _ = self.lstm(x, (h0, c0))
        return self.linear(out)
'''


def test_states_from_the_caller_are_refused_where_the_layer_is_called(tmp_path):
    source = tmp_path / "lm.py"
    source.write_text(LANGUAGE_MODEL)
    with pytest.raises(NnportError, match=r"lm.py:14:\d+: error: self.lstm\(x, h\): initial states given to a "
                                          r"recurrent layer are not translated"):
        migrate(source, WriteOptions(target="keras"))


def test_zero_states_are_the_default_and_match(tmp_path):
    pytest.importorskip("torch")
    pytest.importorskip("keras")
    code, result = migrate_and_verify(ZERO_STATES, tmp_path, "keras")
    assert "layers.LSTM(hidden_size" in code
    assert result.passed and result.max <= 1e-5, result.summary()
