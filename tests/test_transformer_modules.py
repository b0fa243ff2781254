"""PyTorch's transformer modules migrate to Keras as classes of their own (the sub-layers PyTorch
holds, under its state_dict names) and compute what PyTorch computes in eval mode: every
constructor argument, post-norm and pre-norm, time-major and batch-first, masks; what cannot be
written exactly is refused with its reason."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

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
    assert "class TransformerEncoderLayer(keras.Model)" in code
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
    assert "class TransformerEncoder(keras.Model)" in code
    assert result.passed, result.summary()


REFUSED = {  # id -> (source, diagnostic)
    "nested-tensor-zeros": (ENCODER.format(args=", 32, batch_first=True", encoder="", params=", pad",
                                           call=", src_key_padding_mask=pad"),
                            "returns zeros at the padded positions in inference"),
    "unknown-activation": (LAYER.format(args=", activation='swish'", params="", call=""),
                           "activation should be relu/gelu, not swish"),
}


@pytest.mark.parametrize("source, message", REFUSED.values(), ids=REFUSED)
def test_what_is_not_exact_is_refused(tmp_path, source, message):
    path = tmp_path / "net.py"
    path.write_text(source)
    with pytest.raises(NnportError) as caught:
        migrate(path, WriteOptions(target="keras", only_model=True))
    assert message in str(caught.value)
