"""Multi-head attention both ways (tests/models/attention/): Keras's (query, value, key) call order,
batch-first and time-major inputs, key and value widths of their own, PyTorch's head-averaged or
per-head weights from Keras's scores, and the key padding mask, whose convention is the opposite
(PyTorch True: left out, Keras True: attended). Each migrates, runs and is compared with the source;
what has no counterpart is refused with its reason."""
import uuid
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

CASES = {  # file -> (target, text the generated code holds, input shape given or None)
    "self_attention_classifier.py": ("keras", "self.attn(x, x, x)", None),
    "cross_attention_weights.py": ("keras", "return_attention_scores=True", None),
    "time_major_kdim_vdim.py": ("keras", "layers.MultiHeadAttention(3, 4, use_bias=False)", None),
    "padded_self_attention.py": ("keras", "attention_mask=", None),
    "keras_cross_attention.py": ("torch", "(query, keys, memory)", None),
    "keras_attention_block.py": ("torch", "nn.MultiheadAttention(16, 2, batch_first=True)", (None, 10, 16)),
    "sdpa_core.py": ("keras", "keras.ops.dot_product_attention(", None),
}


def _migrate_and_verify(tmp_path, name, target, shape):
    if shape is None:
        return migrate_and_verify((MODELS / name).read_text(), tmp_path, target, name=name)
    src = tmp_path / name
    src.write_text((MODELS / name).read_text())
    code = migrate(src, WriteOptions(target=target, only_model=True), ReadOptions(input_shape=shape))
    out = tmp_path / f"migrated_{uuid.uuid4().hex[:8]}.py"
    out.write_text(code)
    return code, verify(src, out, input_shape=shape, trials=2, per_layer=False, batch=2)


@pytest.mark.parametrize("name", sorted(CASES))
def test_attention_migrates_and_computes_the_same(tmp_path, name):
    target, text, shape = CASES[name]
    code, result = _migrate_and_verify(tmp_path, name, target, shape)
    assert text in code
    assert result.passed, result.summary()
    out = tmp_path / "generated.py"
    out.write_text(code)
    lint([out])


def test_key_padding_mask_is_inverted_for_keras(tmp_path):
    """The trap: the same mask passed without inversion attends to the padding and differs."""
    code, result = migrate_and_verify((MODELS / "padded_self_attention.py").read_text(), tmp_path, "keras")
    assert result.passed, result.summary()
    assert "ops.logical_not(padding_mask)" in code
    src = tmp_path / "model.py"
    wrong = tmp_path / "uninverted.py"
    wrong.write_text(code.replace("ops.logical_not(padding_mask)", "padding_mask"))
    assert not verify(src, wrong, trials=2, per_layer=False, batch=2).passed


def test_attention_migration_is_deterministic():
    path = MODELS / "padded_self_attention.py"
    assert len({migrate(path, WriteOptions(target="keras", only_model=True)) for _ in range(2)}) == 1


TORCH = """
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(16, 4, batch_first=True{args})

    def forward(self, x):
        return self.attn(x, x, x{call})[0]
"""
KERAS = """
import keras
from keras import layers

x = keras.Input(shape=(6, 16))
y = layers.MultiHeadAttention(4, 4{args})(x, x{call})
model = keras.Model(x, y)
"""

SDPA = """
import torch.nn.functional as F
from torch import nn


class Core(nn.Module):
    def forward(self, q, k, v, mask):
        return F.scaled_dot_product_attention(q, k, v{args})
"""

REFUSED = [  # (source, target, diagnostic)
    (SDPA.format(args=", mask"), "keras", "attn_mask=mask is a tensor where a constant is expected"),
    (SDPA.format(args=", dropout_p=0.1"), "keras", "dropout_p=0.1 drops attention weights in every mode in PyTorch"),
    (TORCH.format(args=", add_bias_kv=True", call=""), "keras",
     "add_bias_kv=True (a learned or zero key/value step appended to the sequence) has no Keras argument"),
    (TORCH.format(args=", add_zero_attn=True", call=""), "keras",
     "add_zero_attn=True (a learned or zero key/value step appended to the sequence) has no Keras argument"),
    (KERAS.format(args=", value_dim=8", call=""), "torch",
     "value_dim=8 differs from key_dim=4: PyTorch's heads share one size"),
    (KERAS.format(args=", output_shape=8", call=""), "torch",
     "output_shape=8: PyTorch's output has the query's width 16"),
    (KERAS.format(args="", call=", attention_mask=None, use_causal_mask=True"), "torch",
     "use_causal_mask=True in the call of"),
]


@pytest.mark.parametrize("source, target, message", REFUSED)
def test_what_has_no_counterpart_is_refused(tmp_path, source, target, message):
    path = tmp_path / "net.py"
    path.write_text(source)
    with pytest.raises(NnportError) as caught:
        migrate(path, WriteOptions(target=target, only_model=True))
    assert message in str(caught.value)
