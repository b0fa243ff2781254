"""Positions along a sequence (``torch.arange`` / ``keras.ops.arange`` / ``tf.range`` over a
tensor's sequence axis, the input of a learned position embedding): the test models of
tests/models/attention/ migrate both ways, back again, and compute what the source computes;
what has no translation is refused with its reason."""
from pathlib import Path

import pytest
from backend_ir import migrate_and_verify
from test_generated_lint import lint

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import ReadOptions, WriteOptions
from nnport.verify.files import verify

pytest.importorskip("torch")
pytest.importorskip("keras")

MODELS = Path(__file__).parent / "models" / "attention"
ATOL = 1e-5

CASES = {  # file -> (target, texts the generated code holds)
    "gpt_learned_positions.py": ("keras", ["keras.ops.arange(keras.ops.shape(idx)[1])", "ops.expand_dims(pos, 0)"]),
    "tf_range_positions.py": ("torch", ["torch.arange(x.size(1), device=x.device)"]),
}
BACK = {"torch": "keras", "keras": "torch"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_positions_migrate_and_compute_the_same(tmp_path, name):
    target, texts = CASES[name]
    code, result = migrate_and_verify((MODELS / name).read_text(), tmp_path, target, name=name)
    assert all(text in code for text in texts), code
    assert result.passed and result.max <= ATOL, result.summary()
    out = tmp_path / "generated.py"
    out.write_text(code)
    lint([out])


@pytest.mark.parametrize("name", ["tf_range_positions.py"])
def test_migrated_positions_migrate_back(tmp_path, name):
    """The migrated file, migrated back, computes what it computes (arange read in both spellings)."""
    target, _ = CASES[name]
    src = tmp_path / name
    src.write_text((MODELS / name).read_text())
    there = tmp_path / "there.py"
    there.write_text(migrate(src, WriteOptions(target=target, only_model=True)))
    code, result = migrate_and_verify(there.read_text(), tmp_path, BACK[target], name="there.py")
    assert ("torch.arange(" if BACK[target] == "torch" else "keras.ops.arange(") in code
    assert result.passed and result.max <= ATOL, result.summary()


TORCH = """
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, vocab=40, width=8, length=12):
        super().__init__()
        self.tokens = nn.Embedding(vocab, width)
        self.positions = nn.Embedding(length, width)

    def forward(self, idx):
        {body}
        return self.tokens(idx) + self.positions(pos)
"""

SPELLINGS = {  # id -> (forward lines, text the Keras code holds)
    "size-unpacked": ("b, t = idx.size()\n        pos = torch.arange(0, t, dtype=torch.long, device=idx.device)",
                      "keras.ops.arange(keras.ops.shape(idx)[1])"),
    "stop-only": ("pos = torch.arange(idx.size(1))", "keras.ops.arange(keras.ops.shape(idx)[1])"),
    "shape-index-unsqueezed": ("pos = torch.arange(idx.shape[1], device=idx.device).unsqueeze(0)",
                               "keras.ops.arange(keras.ops.shape(idx)[1])"),
    "explicit-step": ("pos = torch.arange(0, idx.size(1), 1, device=idx.device)",
                      "keras.ops.arange(keras.ops.shape(idx)[1])"),
}


@pytest.mark.parametrize("body, text", SPELLINGS.values(), ids=SPELLINGS)
def test_arange_spellings_both_ways(tmp_path, body, text):
    """Each spelling migrates to Keras and computes the same; the Keras code migrated back too."""
    code, result = migrate_and_verify(TORCH.format(body=body), tmp_path, "keras")
    assert text in code
    assert result.passed and result.max <= ATOL, result.summary()
    back, result = migrate_and_verify(code, tmp_path, "torch", name="keras_model.py")
    assert "torch.arange(idx.size(1)" in back
    assert result.passed and result.max <= ATOL, result.summary()


EXPANDED = """
import torch
from torch import nn


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_pos, device):
        super(PositionalEncoding, self).__init__()
        self.device = device
        self.pos_embedding = nn.Embedding(max_pos, d_model)

    def forward(self, inputs):
        seq_len = inputs.size(1)
        pos = torch.arange(seq_len, dtype=torch.long, device=self.device)
        pos = pos.unsqueeze(0).expand_as(inputs)  # [seq_len] -> [batch_size, seq_len]
        return self.pos_embedding(pos)


class Tagger(nn.Module):
    def __init__(self, vocab=100, d_model=16, max_pos=32, device="cpu"):
        super().__init__()
        self.tok = nn.Embedding(vocab, d_model)
        self.pos = PositionalEncoding(d_model, max_pos, device)
        self.out = nn.Linear(d_model, 5)

    def forward(self, x):
        return self.out(self.tok(x) + self.pos(x))
"""


def test_positions_expanded_to_the_ids_on_a_device_given_as_an_argument(tmp_path):
    """The device the positions are made on changes no value; int32 Keras positions expanded over
    int64 ids keep their dtype (TensorFlow adds no int32 to int64)."""
    code, result = migrate_and_verify(EXPANDED, tmp_path, "keras")
    assert "pos + keras.ops.zeros_like(inputs, dtype=pos.dtype)" in code
    assert result.passed and result.max <= ATOL, result.summary()
    back, result = migrate_and_verify(code, tmp_path, "torch", name="keras_model.py")
    assert "pos.expand_as(inputs)" in back
    assert result.passed and result.max <= ATOL, result.summary()


FLOAT_POSITIONS = """
import torch
from torch import nn


class Decay(nn.Module):
    def __init__(self, width=6):
        super().__init__()
        self.rnn = nn.GRU(width, width, batch_first=True)

    def forward(self, x):
        h, _ = self.rnn(x)
        steps = torch.arange(h.size(1), dtype=torch.float32, device=h.device)
        return h * torch.exp(-0.1 * steps).unsqueeze(1)
"""


def shaped(src, target, shape):
    """Migrate ``src`` given its input shape; the code and verify's result with that shape."""
    code = migrate(src, WriteOptions(target=target, only_model=True), ReadOptions(input_shape=shape))
    out = src.with_name(f"{src.stem}_{target}.py")
    out.write_text(code)
    return code, verify(src, out, input_shape=shape, trials=2, per_layer=False, batch=2)


def test_float_positions_keep_their_dtype(tmp_path):
    code, result = migrate_and_verify(FLOAT_POSITIONS, tmp_path, "keras")
    assert 'keras.ops.arange(keras.ops.shape(h)[1], dtype="float32")' in code
    assert result.passed and result.max <= ATOL, result.summary()
    keras_model = tmp_path / "keras_model.py"
    keras_model.write_text(code)
    back, result = shaped(keras_model, "torch", (None, 5, 6))  # Keras's GRU needs its width to migrate
    assert "dtype=torch.float32" in back
    assert result.passed and result.max <= ATOL, result.summary()


def test_positions_of_a_stated_length_need_the_input_to_be_as_long(tmp_path):
    """torch.arange(12): positions of a number; verified with inputs of that length."""
    src = tmp_path / "net.py"
    src.write_text(TORCH.format(body="pos = torch.arange(12)"))
    code, result = shaped(src, "keras", (None, 12))
    assert "keras.ops.arange(12)" in code
    assert result.passed and result.max <= ATOL, result.summary()


KERAS_CONSTANT = """
import keras
from keras import layers, ops


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen=20, vocab_size=50, embed_dim=8, **kwargs):
        super().__init__(**kwargs)
        self.maxlen = maxlen
        self.token_emb = layers.Embedding(vocab_size, embed_dim)
        self.pos_emb = layers.Embedding(maxlen, embed_dim)

    def call(self, x):
        positions = ops.arange(0, self.maxlen, 1)
        return self.token_emb(x) + self.pos_emb(positions)


inputs = keras.Input(shape=(20,), dtype="int32")
model = keras.Model(inputs, TokenAndPositionEmbedding()(inputs))
"""

SINUSOIDAL = """
import math

import torch
from torch import nn


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=64):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, d_model)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe.unsqueeze(0))

    def forward(self, x):
        return x + self.pe[:, : x.size(1)]


model = PositionalEncoding(16)
"""

REFUSED = {  # id -> (source, target, diagnostic)
    "keras-stop-a-number": (KERAS_CONSTANT, "torch", ("translated where a size of a tensor of the model gives its "
                                                      "length (keras.ops.shape(x)[1]), not a number")),
    "sinusoidal-buffer": (SINUSOIDAL, "keras", ("torch.arange(...) in a constructor computes a tensor, not a layer: "
                                                "tensors computed there (a sinusoidal position table kept with "
                                                "register_buffer) are not translated")),
}


@pytest.mark.parametrize("source, target, message", REFUSED.values(), ids=REFUSED)
def test_what_is_not_translated_is_refused(tmp_path, source, target, message):
    path = tmp_path / "net.py"
    path.write_text(source)
    with pytest.raises(NnportError) as refused:
        migrate(path, WriteOptions(target=target, only_model=True))
    assert message in str(refused.value)
