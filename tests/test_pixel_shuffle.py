"""Sub-pixel rearrangements across frameworks. PyTorch's PixelShuffle orders the moved channels
outer (c, i, j), TensorFlow's depth_to_space inner (i, j, c): each is migrated to an expression
that keeps its own order, checked numerically in both layouts and both directions."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

TORCH_SUBPIXEL = '''import torch
import torch.nn as nn
import torch.nn.functional as F


class SubPixel(nn.Module):
    def __init__(self, upscale_factor=3, colours=2):
        super().__init__()
        self.features = nn.Conv2d(colours, 16, 3, padding=1)
        self.to_blocks = nn.Conv2d(16, colours * upscale_factor ** 2, 3, padding=1)
        self.shuffle = nn.PixelShuffle(upscale_factor)
        self.mix = nn.Conv2d(colours * 4, colours, 1)

    def forward(self, x):
        x = torch.tanh(self.features(x))
        x = self.shuffle(self.to_blocks(x))
        return self.mix(F.pixel_unshuffle(x, 2))


net = SubPixel()
'''

KERAS_SUBPIXEL = '''import keras
from keras import layers


def build(upscale_factor=3, channels=2):
    inputs = keras.Input(shape=(None, None, channels))
    x = layers.Conv2D(16, 3, activation="tanh", padding="same")(inputs)
    x = layers.Conv2D(channels * (upscale_factor ** 2), 3, padding="same")(x)
    x = keras.ops.depth_to_space(x, upscale_factor)
    x = keras.ops.space_to_depth(x, 2)
    outputs = layers.Conv2D(channels, 1)(x)
    return keras.Model(inputs, outputs)


model = build()
'''


@pytest.mark.parametrize("layout", ["source", "native"])
def test_pixel_shuffle_to_keras(tmp_path, layout):
    code, result = migrate_and_verify(TORCH_SUBPIXEL, tmp_path, "keras", layout=layout)
    assert "keras.ops.depth_to_space(" in code and "keras.ops.space_to_depth(" in code
    assert result.passed and result.max <= 1e-5, result.summary()


@pytest.mark.parametrize("layout", ["source", "native"])
def test_depth_to_space_to_torch(tmp_path, layout):
    code, result = migrate_and_verify(KERAS_SUBPIXEL, tmp_path, "torch", layout=layout)
    assert "pixel_shuffle(" in code and "pixel_unshuffle(" in code
    assert result.passed and result.max <= 1e-5, result.summary()


OPEN_FACTOR = '''import torch.nn as nn


class Upscale(nn.Module):
    def __init__(self, upscale_factor):
        super().__init__()
        self.conv = nn.Conv2d(1, upscale_factor ** 2, 3, padding=1)
        self.shuffle = nn.PixelShuffle(upscale_factor)

    def forward(self, x):
        return self.shuffle(self.conv(x))
'''


def test_a_factor_known_only_when_built_is_asked_for(tmp_path):
    source = tmp_path / "upscale.py"
    source.write_text(OPEN_FACTOR)
    with pytest.raises(NnportError, match=r"upscale.py:8:\d+: error: pixel_shuffle 'shuffle' needs the value of "
                                          r"upscale_factor.*--set upscale_factor=VALUE"):
        migrate(source, WriteOptions(target="keras"))
    _, result = migrate_and_verify(OPEN_FACTOR + "\n\nmodel = Upscale(2)\n", tmp_path, "keras")
    assert result.passed and result.max <= 1e-5, result.summary()
