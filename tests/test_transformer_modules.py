"""PyTorch's transformer modules migrate to Keras as classes of their own (the sub-layers PyTorch
holds, under its state_dict names) and compute what PyTorch computes in eval mode: every
constructor argument, post-norm and pre-norm, time-major and batch-first, masks; what cannot be
written exactly is refused with its reason."""
import importlib.util
from pathlib import Path

import pytest
from backend_ir import migrate_and_verify
from click.testing import CliRunner

from nnport.api import migrate
from nnport.cli import main
from nnport.errors import NnportError
from nnport.options import WriteOptions
from nnport.verify.files import verify

pytest.importorskip("torch")
pytest.importorskip("keras")

ENCODER = """
import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self, d_model=16, nhead=4):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model, nhead{args})
        self.encoder = nn.TransformerEncoder(layer, 2{encoder})

    def forward(self, x{params}):
        return self.encoder(x{call})
"""

LAYER = """
import torch
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(16, 4{args})

    def forward(self, x{params}):
        return self.layer(x{call})
"""

ENCODER_LAYERS = {  # id -> constructor arguments
    "defaults-time-major": "",
    "batch-first-gelu-string": ", dim_feedforward=32, activation='gelu', batch_first=True",
    "pre-norm-callable-gelu": ", 24, 0.2, F.gelu, 1e-3, True, True",
    "no-bias-relu-callable": ", dim_feedforward=8, activation=F.relu, bias=False, layer_norm_eps=1e-6",
    "tanh-time-major-pre-norm": ", dim_feedforward=8, activation=torch.tanh, norm_first=True",
}


@pytest.mark.parametrize("args", ENCODER_LAYERS.values(), ids=ENCODER_LAYERS)
def test_encoder_layer_computes_the_same(tmp_path, args):
    code, result = migrate_and_verify(LAYER.format(args=args, params="", call=""), tmp_path, "keras")
    assert "class TransformerEncoderLayer(layers.Layer)" in code
    assert result.passed, result.summary()


ENCODERS = {  # id -> (layer arguments, encoder arguments, forward parameters, call)
    "final-norm": (", 32, batch_first=True", ", norm=nn.LayerNorm(d_model, eps=1e-4)", "", ""),
    "padding-mask-unnested": (", 32, batch_first=True", ", enable_nested_tensor=False", ", pad",
                              ", src_key_padding_mask=pad"),
    "padding-mask-pre-norm": (", 32, norm_first=True, batch_first=True", "", ", pad", ", src_key_padding_mask=pad"),
    "padding-mask-time-major": (", 32", "", ", pad", ", src_key_padding_mask=pad"),
}


@pytest.mark.parametrize("layer, encoder, params, call", ENCODERS.values(), ids=ENCODERS)
def test_encoder_computes_the_same(tmp_path, layer, encoder, params, call):
    source = ENCODER.format(args=layer, encoder=encoder, params=params, call=call)
    code, result = migrate_and_verify(source, tmp_path, "keras")
    assert "class TransformerEncoder(layers.Layer)" in code
    assert result.passed, result.summary()


TRANSFORMER_SOURCE = """
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = nn.Transformer(16, 2, 1, 1, 32, batch_first=True)

    def forward(self, src, tgt, src_pad):
        return self.transformer(src, tgt, src_key_padding_mask=src_pad)
"""

TIED = """
from torch import nn


class LM(nn.Module):
    def __init__(self, vocab=50, d_model=16):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.block = nn.TransformerEncoderLayer(d_model, 4, batch_first=True)
        self.head = nn.Linear(d_model, vocab, bias=False)
        self.head.weight = self.embed.weight

    def forward(self, tokens):
        return self.head(self.block(self.embed(tokens)))
"""

REFUSED = {  # id -> (source, diagnostic)
    "nested-tensor-zeros": (ENCODER.format(args=", 32, batch_first=True", encoder="", params=", pad",
                                           call=", src_key_padding_mask=pad"),
                            "returns zeros at the padded positions in inference"),
    "unknown-activation": (LAYER.format(args=", activation='swish'", params="", call=""),
                           "activation should be relu/gelu, not swish"),
    "transformer-source-padding": (TRANSFORMER_SOURCE, "returns zeros at the padded positions in inference"),
    "causal-hint-without-mask": (ENCODER.format(args=", 32, batch_first=True", encoder="", params="",
                                                call=", is_causal=True"),
                                 "Need attn_mask if specifying the is_causal hint (PyTorch fails here)"),
    "tied-with-a-bias": (TIED.replace(", bias=False", ""), ("head has a bias; Keras's tied output "
                                                             "(ReversibleEmbedding called with reverse=True) has none")),
    "mask-per-head": (LAYER.format(args=", batch_first=True", params="",
                                   call=", nn.Transformer.generate_square_subsequent_mask(x.size(1)).unsqueeze(0)"),
                      "attn_mask of rank 3 (one mask per batch item and head)"),
}


@pytest.mark.parametrize("source, message", REFUSED.values(), ids=REFUSED)
def test_what_is_not_exact_is_refused(tmp_path, source, message):
    path = tmp_path / "net.py"
    path.write_text(source)
    with pytest.raises(NnportError) as caught:
        migrate(path, WriteOptions(target="keras", only_model=True))
    assert message in str(caught.value)


DECODER = """
import torch.nn.functional as F
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        layer = nn.TransformerDecoderLayer(16, 4{args})
        self.decoder = nn.TransformerDecoder(layer, 2{decoder})

    def forward(self, tgt, memory{params}):
        mask = nn.Transformer.generate_square_subsequent_mask(tgt.size({axis}))
        return self.decoder(tgt, memory{call})
"""

DECODERS = {  # id -> (layer arguments, decoder arguments, forward parameters, call, time axis)
    "causal-time-major": ("", "", "", ", tgt_mask=mask", 0),
    "pre-norm-gelu-final-norm": (", 32, 0.1, 'gelu', 1e-6, True, True", ", nn.LayerNorm(16)", "", ", tgt_mask=mask", 1),
    "padding-masks": (", 32, batch_first=True", "", ", tgt_pad, memory_pad",
                      ", tgt_mask=mask, tgt_key_padding_mask=tgt_pad, memory_key_padding_mask=memory_pad", 1),
    "no-bias-no-mask": (", 8, activation=F.relu, batch_first=True, bias=False", "", "", "", 1),
}


@pytest.mark.parametrize("layer, decoder, params, call, axis", DECODERS.values(), ids=DECODERS)
def test_decoder_computes_the_same(tmp_path, layer, decoder, params, call, axis):
    source = DECODER.format(args=layer, decoder=decoder, params=params, call=call, axis=axis)
    code, result = migrate_and_verify(source, tmp_path, "keras")
    assert "class TransformerDecoderLayer(layers.Layer)" in code
    assert result.passed, result.summary()


TRANSFORMER = """
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.transformer = nn.Transformer(16, 2, 1, 2, 32{args})

    def forward(self, src, tgt{params}):
        tgt_mask = self.transformer.generate_square_subsequent_mask(tgt.size({axis}))
        return self.transformer(src, tgt, tgt_mask=tgt_mask{call})
"""

TRANSFORMERS = {  # id -> (constructor arguments, forward parameters, call, time axis)
    "time-major": ("", "", "", 0),
    "batch-first-pre-norm-source-padding": (", batch_first=True, norm_first=True", ", src_pad",
                                            ", src_key_padding_mask=src_pad, memory_key_padding_mask=src_pad", 1),
}


@pytest.mark.parametrize("args, params, call, axis", TRANSFORMERS.values(), ids=TRANSFORMERS)
def test_transformer_computes_the_same(tmp_path, args, params, call, axis):
    source = TRANSFORMER.format(args=args, params=params, call=call, axis=axis)
    code, result = migrate_and_verify(source, tmp_path, "keras")
    assert "class Transformer(layers.Layer)" in code
    assert result.passed, result.summary()


ATTENTION = """
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(16, 4, batch_first=True)

    def forward(self, x{params}):
        mask = nn.Transformer.generate_square_subsequent_mask(x.size(1)){convert}
        return self.attn(x, x, x, attn_mask=mask{call})
"""

MASKS = {  # id -> (forward parameters, mask conversion, call, what Keras's mask is written with)
    "float-causal-weights": ("", "", "", "ops.isfinite(mask)"),
    "bool-causal-with-padding": (", pad", ".isfinite().logical_not()", ", key_padding_mask=pad",
                                 "ops.logical_not(mask)"),
}


@pytest.mark.parametrize("params, convert, call, written", MASKS.values(), ids=MASKS)
def test_attention_mask_is_converted_and_the_trap_differs(tmp_path, params, convert, call, written):
    """PyTorch's attn_mask: -inf (float) or True (bool) leaves a place out; Keras's True attends.
    The same mask passed without conversion computes something else."""
    code, result = migrate_and_verify(ATTENTION.format(params=params, convert=convert, call=call), tmp_path, "keras")
    assert result.passed, result.summary()
    assert written in code
    wrong = tmp_path / "unconverted.py"
    before, _, after = code.rpartition(written)  # the last conversion: the attention call's
    wrong.write_text(f"{before}ops.convert_to_tensor(mask){after}")  # the mask as PyTorch takes it
    assert not verify(tmp_path / "model.py", wrong, trials=2, per_layer=False, batch=2).passed


def test_nested_tensor_fast_path_zeros_padded_positions():
    """Why the encoder with a key padding mask is refused: PyTorch's inference output at padded
    positions depends on where the padding is (zeros when every sequence is padded at its end)."""
    import torch

    layer = torch.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
    encoder = torch.nn.TransformerEncoder(layer, 1).eval()
    x = torch.rand(2, 5, 8)
    at_end = torch.tensor([[False, False, False, True, True]] * 2)
    with torch.no_grad():
        assert encoder(x, src_key_padding_mask=at_end)[:, 3:].abs().max() == 0
        assert encoder(x, src_key_padding_mask=at_end.flip(1))[:, :2].abs().max() > 0


MODELS = Path(__file__).parent / "models" / "attention"
TEST_MODELS = {  # file -> (the model's class, text the Keras code holds)
    "encoder_classifier_padding.py": ("EncoderClassifier", "ops.logical_not(src_key_padding_mask)"),
    "decoder_only_lm.py": ("TinyLM", "ops.isfinite(src_mask)"),
    "seq2seq_transformer.py": ("Seq2SeqTransformer", "value_mask="),
}


@pytest.mark.parametrize("name", sorted(TEST_MODELS))
def test_transformer_models_migrate_and_compute_the_same(tmp_path, name):
    code, result = migrate_and_verify((MODELS / name).read_text(), tmp_path, "keras", name=name)
    assert TEST_MODELS[name][1] in code
    assert result.passed, result.summary()


def test_trained_weights_convert_for_the_keras_language_model(tmp_path):
    """`nnport weights`: a state_dict of the PyTorch model, its nested sub-modules included
    (blocks.layers.0.self_attn.in_proj_weight ...), loads into the migrated Keras model."""
    import numpy as np
    import torch

    source = tmp_path / "lm.py"
    source.write_text((MODELS / "decoder_only_lm.py").read_text())
    net = _load(source, "lm_source").model.eval()
    torch.save(net.state_dict(), tmp_path / "lm.pt")
    migrated = tmp_path / "lm_keras.py"
    migrated.write_text(migrate(source, WriteOptions(target="keras", only_model=True)))
    result = CliRunner().invoke(main, ["weights", str(source), str(tmp_path / "lm.pt"), "--to", "keras",
                                       "-o", str(tmp_path / "lm.weights.h5")])
    assert result.exit_code == 0, result.output
    tokens = np.random.default_rng(0).integers(0, 512, size=(2, 7))
    keras_model = _load(migrated, "lm_keras").TinyLM()
    keras_model(tokens)
    keras_model.load_weights(tmp_path / "lm.weights.h5")
    with torch.no_grad():
        expected = net(torch.from_numpy(tokens)).numpy()
    assert np.abs(np.asarray(keras_model(tokens, training=False)) - expected).max() < 1e-5


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_causal_mask_has_the_same_values_in_both_frameworks():
    import keras
    import numpy as np
    import torch

    from nnport.catalog import registry

    kind = registry.kind("square_subsequent_mask")
    x = np.zeros((2, 5, 3), np.float32)
    written = {fw: kind.spelling(fw).hooks["expression"]({"size": None, "axis": 1}, "x") for fw in ("torch", "keras")}
    torch_mask = eval(written["torch"], {"torch": torch, "x": torch.from_numpy(x)}).numpy()
    keras_mask = np.asarray(eval(written["keras"], {"keras": keras, "x": x}))
    np.testing.assert_array_equal(torch_mask, keras_mask)
    np.testing.assert_array_equal(torch_mask, torch.nn.Transformer.generate_square_subsequent_mask(5).numpy())


FLOAT_MASK_FROM_CALLER = """
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(16, 4, 32, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, 1)

    def forward(self, x):
        scaled = nn.Transformer.generate_square_subsequent_mask(x.size(1)) * 0.5
        return self.encoder(x, mask=scaled)
"""


def test_a_float_mask_that_may_hold_other_values_is_refused(tmp_path):
    """An additive float mask computed by anything but generate_square_subsequent_mask may hold any
    values; Keras's boolean mask says the same only for masks of 0 and -inf."""
    source = tmp_path / "bias.py"
    source.write_text(FLOAT_MASK_FROM_CALLER)
    with pytest.raises(NnportError, match=r"a float attn_mask \(from mul\) is added to the attention scores; "
                                          r"Keras takes a boolean mask"):
        migrate(source, WriteOptions(target="keras"))
