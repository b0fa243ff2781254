"""Keras multi-head attention whose heads are not embed_dim / num_heads wide (keras-io's
``key_dim=embed_dim``): written for PyTorch as a small module of its own next to the model
(nn.MultiheadAttention's parameters and call, heads of key_dim), weights converted, and computing
what Keras computes."""
from pathlib import Path

import pytest
from backend_ir import migrate_and_verify
from test_generated_lint import lint

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions
from nnport.verify.files import verify

pytest.importorskip("torch")
pytest.importorskip("keras")

MODELS = Path(__file__).parent / "models" / "attention"
ATOL = 1e-5


def test_keras_io_text_classifier_migrates_and_computes_the_same(tmp_path):
    name = "keras_token_position_classifier.py"
    code, result = migrate_and_verify((MODELS / name).read_text(), tmp_path, "torch", name=name)
    assert "class MultiHeadAttention(nn.Module)" in code and "self.att = MultiHeadAttention(16, 2, 16, dropout=0.1)" in code
    assert "torch.arange(x.size(1), device=x.device)" in code
    assert result.passed and result.max <= ATOL, result.summary()
    out = tmp_path / "generated.py"
    out.write_text(code)
    lint([out])


KERAS_HEADS = """
import keras
from keras import layers


class Block(layers.Layer):
    def __init__(self, width=12, heads=3, key_dim=12, value_dim=None, use_bias=True, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(heads, key_dim, value_dim=value_dim, use_bias=use_bias)

    def call(self, x, context):
        return self.att(x, context)


x = keras.Input(shape=(5, 12))
context = keras.Input(shape=(7, {context}))
model = keras.Model([x, context], Block({args})(x, context))
"""

HEADS = {  # id -> (context width, Block arguments)
    "wider-than-the-query": (12, ""),
    "narrower-than-a-share": (12, "key_dim=2"),
    "no-bias": (12, "heads=2, key_dim=20, use_bias=False"),
    "cross-attention-other-width": (9, "heads=2, key_dim=8"),
}


@pytest.mark.parametrize("context, args", HEADS.values(), ids=HEADS)
def test_keras_heads_of_their_own_width_become_a_module(tmp_path, context, args):
    code, result = migrate_and_verify(KERAS_HEADS.format(context=context, args=args), tmp_path, "torch")
    assert "class MultiHeadAttention(nn.Module)" in code
    assert result.passed and result.max <= ATOL, result.summary()


def test_heads_width_matters(tmp_path):
    """The trap: heads written embed_dim / num_heads wide could not even hold the weights; heads of
    the right total width but split otherwise compute something else."""
    code, result = migrate_and_verify(KERAS_HEADS.format(context=12, args=""), tmp_path, "torch")
    assert result.passed, result.summary()
    assert "MultiHeadAttention(12, 3, 12)" in code
    src = tmp_path / "model.py"
    wrong = tmp_path / "split_otherwise.py"
    wrong.write_text(code.replace("MultiHeadAttention(12, 3, 12)", "MultiHeadAttention(12, 6, 6)"))
    assert not verify(src, wrong, trials=2, per_layer=False, batch=2).passed


def test_value_dim_of_its_own_is_still_refused(tmp_path):
    path = tmp_path / "net.py"
    path.write_text(KERAS_HEADS.format(context=12, args="value_dim=4"))
    with pytest.raises(NnportError) as refused:
        migrate(path, WriteOptions(target="torch", only_model=True))
    assert "value_dim=4 differs from key_dim=12: PyTorch's heads share one size" in str(refused.value)
