"""DESIGN.md's semantic traps that concern code generation: each generated model runs and is
compared numerically with its source (weights copied by nnport's converter)."""
import pytest

from backend_ir import migrate_and_verify
from nnport.errors import NnportError

TORCH = "import torch\nfrom torch import nn\nimport torch.nn.functional as F\n\n\n"
KERAS = "import keras\nfrom keras import layers\n\n"


def torch_net(init: str, forward: str, shape: str) -> str:
    return (TORCH + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            + "".join(f"        {line}\n" for line in init.strip().splitlines())
            + "\n    def forward(self, x):\n"
            + "".join(f"        {line}\n" for line in forward.strip().splitlines())
            + f"\n\nmodel = Net()\nmodel(torch.zeros({shape}))\n")


def keras_net(layers_text: str, shape: str) -> str:
    body = "".join(f"    {line}\n" for line in layers_text.strip().splitlines())
    return KERAS + f"model = keras.Sequential([\n    keras.Input(shape={shape}),\n{body}])\n"


def check(source, tmp_path, target, **options):
    code, result = migrate_and_verify(source, tmp_path, target, **options)
    assert result.passed, (result.max, code)
    return code


def test_batchnorm_momentum_and_epsilon_are_converted_and_written(tmp_path):
    code = check(torch_net("self.conv = nn.Conv2d(3, 4, 3)\nself.bn = nn.BatchNorm2d(4, eps=1e-3, momentum=0.3)",
                           "return self.bn(self.conv(x))", "2, 3, 8, 8"), tmp_path, "keras")
    assert "momentum=0.7" in code and "epsilon=0.001" in code
    code = check(keras_net("layers.Dense(6),\nlayers.BatchNormalization()", "(5,)"), tmp_path, "torch")
    assert "nn.BatchNorm1d(6, eps=0.001, momentum=0.01" in code  # Keras defaults, always written


def test_layernorm_epsilon(tmp_path):
    code = check(torch_net("self.fc = nn.Linear(5, 16)\nself.norm = nn.LayerNorm(16)",
                           "return self.norm(self.fc(x))", "2, 5"), tmp_path, "keras")
    assert "LayerNormalization(axis=1, epsilon=1e-05)" in code  # axis, epsilon


def test_same_padding_with_stride_two_pads_explicitly(tmp_path):
    code = check(keras_net('layers.Conv2D(4, 3, strides=2, padding="same")', "(8, 8, 3)"), tmp_path, "torch")
    assert "nn.ZeroPad2d((0, 1, 0, 1))" in code


def test_max_pool_same_padding_pads_with_minus_infinity(tmp_path):
    source = keras_net('layers.Rescaling(-1.0),\nlayers.MaxPooling2D(3, strides=2, padding="same")', "(8, 8, 2)")
    code = check(source, tmp_path, "torch")  # all inputs negative: a zero pad would win the max
    assert 'float("-inf")' in code


def test_leaky_relu_slope_defaults_differ(tmp_path):
    code = check(keras_net("layers.Dense(4),\nlayers.LeakyReLU()", "(3,)"), tmp_path, "torch")
    assert "nn.LeakyReLU(0.3" in code  # slope always written, by position as PyTorch's examples (inplace may follow)
    code = check(torch_net("self.fc = nn.Linear(3, 4)", "return F.leaky_relu(self.fc(x))", "2, 3"), tmp_path, "keras")
    assert "0.01" in code


def test_gelu_tanh_approximation(tmp_path):
    code = check(torch_net("self.fc = nn.Linear(3, 4)\nself.act = nn.GELU(approximate='tanh')",
                           "return self.act(self.fc(x))", "2, 3"), tmp_path, "keras")
    assert "gelu(x, approximate=True)" in code.replace("fc,", "x,")


def test_gru_gate_order_and_reset_after(tmp_path):
    code = check(torch_net("self.gru = nn.GRU(4, 6, batch_first=True)", "out, h = self.gru(x)\nreturn out",
                           "2, 5, 4"), tmp_path, "keras")
    assert "reset_after=True" in code
    check(keras_net("layers.GRU(6)", "(5, 4)"), tmp_path, "torch")


def test_gru_reset_before_is_refused_for_torch_with_its_place(tmp_path):
    with pytest.raises(NnportError, match=r"model.py:6:\d+: error: gru 'gru' .*reset_after=False"):
        migrate_and_verify(keras_net("layers.GRU(6, reset_after=False)", "(5, 4)"), tmp_path, "torch")


@pytest.mark.parametrize("forward", [
    "out, (h, c) = self.lstm(x)\nreturn torch.cat([h[-2], h[-1]], dim=1)",
    "out, (h, c) = self.lstm(x)\nreturn out",
    "out, (h, c) = self.lstm(x)\nreturn h",
])
def test_bidirectional_lstm_outputs(forward, tmp_path):
    check(torch_net("self.lstm = nn.LSTM(4, 5, batch_first=True, bidirectional=True)", forward, "2, 6, 4"),
          tmp_path, "keras")


def test_time_major_stacked_lstm(tmp_path):
    code = check(torch_net("self.lstm = nn.LSTM(4, 5, num_layers=2)", "out, _ = self.lstm(x)\nreturn out",
                           "6, 2, 4"), tmp_path, "keras")
    assert "return_sequences=True" in code and code.count("layers.LSTM(") == 2


@pytest.mark.parametrize("layout", ["source", "native"])
def test_flatten_order_across_layouts(layout, tmp_path):
    source = torch_net("self.conv = nn.Conv2d(3, 4, 3)\nself.fc = nn.Linear(4 * 6 * 6, 5)",
                       "x = torch.flatten(self.conv(x), 1)\nreturn self.fc(x)", "2, 3, 8, 8")
    code = check(source, tmp_path, "keras", layout=layout)
    assert ("transpose" in code) == (layout == "source")


def test_adaptive_pooling_to_other_sizes(tmp_path):
    check(torch_net("self.conv = nn.Conv2d(3, 4, 3)\nself.pool = nn.AdaptiveAvgPool2d((3, 2))",
                    "return torch.flatten(self.pool(self.conv(x)), 1)", "2, 3, 11, 9"), tmp_path, "keras")


def test_rescaling_stays_inside_the_model(tmp_path):
    code = check(keras_net("layers.Rescaling(1.0 / 255, offset=-1.0),\nlayers.Dense(3)", "(4,)"), tmp_path, "torch")
    assert "* 0.00392156862745098 + -1.0" in code


@pytest.mark.parametrize("layout", ["source", "native"])
def test_flatten_of_unit_spatial_axes_is_not_a_reduction(layout, tmp_path):
    source = keras_net("layers.Conv2D(4, 3),\nlayers.MaxPooling2D(4),\nlayers.Flatten(),\nlayers.Dense(3)", "(6, 6, 2)")
    code = check(source, tmp_path, "torch", layout=layout)  # (N, 1, 1, C): every order gives the same values
    assert "start_dim" not in code and "Linear(4, 3)" in code


def test_flatten_of_spatial_axes_after_a_channel_first_conv_keeps_the_source_order(tmp_path):
    source = keras_net("layers.Conv2D(4, 3),\nlayers.MaxPooling2D(2),\nlayers.Flatten(),\nlayers.Dense(3)", "(6, 6, 2)")
    code = check(source, tmp_path, "torch")
    assert "permute((0, 2, 3, 1))" in code and "Linear(16, 3)" in code


def test_activations_only_sequential_imports_what_it_writes(tmp_path):
    source = TORCH + "model = nn.Sequential(nn.Tanh(), nn.Sigmoid())\nmodel(torch.zeros(2, 4))\n"
    for style in ("sequential", "subclassing", "functional"):
        code = check(source, tmp_path, "keras", style=style)
        assert "Lambda" not in code  # activation layers, which Keras can save and reload


@pytest.mark.parametrize("init, shape", [
    ("self.up = nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1)", "2, 3, 5, 5"),
    ("self.up = nn.ConvTranspose2d(3, 4, (3, 5), stride=(2, 3), padding=(1, 2))", "2, 3, 4, 6"),
    ("self.up = nn.ConvTranspose2d(3, 4, 3, stride=2, padding=(0, 1), output_padding=(1, 0))", "2, 3, 4, 5"),
])
def test_transposed_conv_explicit_padding_is_cropped_in_keras(init, shape, tmp_path):
    code = check(torch_net(init, "return self.up(x)", shape), tmp_path, "keras")
    assert "Cropping" in code and "padding=" not in code.replace("output_padding=", "")


def test_keras_cropping_is_negative_padding_in_torch(tmp_path):
    code = check(keras_net("layers.Conv2D(2, 3),\nlayers.Cropping2D(((1, 0), (2, 1)))", "(8, 8, 3)"), tmp_path, "torch")
    assert "nn.ZeroPad2d((-2, -1, -1, 0))" in code


@pytest.mark.parametrize("layer", ['layers.SeparableConv2D(4, 3, strides=2, padding="same", depth_multiplier=2)',
                                   'layers.SeparableConv2D(4, 3, padding="same", use_bias=False)',
                                   'layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same")'])
def test_depthwise_and_separable_convs_are_grouped_convs_in_torch(layer, tmp_path):
    code = check(keras_net(layer, "(7, 7, 3)"), tmp_path, "torch")
    assert "groups=3" in code and '"same"' not in code


def test_native_flatten_order_reaches_a_dense_inside_a_sub_network(tmp_path):
    source = torch_net("self.conv = nn.Conv2d(3, 4, 3)\nself.head = nn.Sequential(nn.Linear(4 * 6 * 6, 5), nn.ReLU())",
                       "return self.head(torch.flatten(self.conv(x), 1))", "2, 3, 8, 8")
    code = check(source, tmp_path, "keras", layout="native")
    assert "transpose" not in code and "Permute" not in code


@pytest.mark.parametrize("index, channels", [("[:, 1:3, 1:]", 2), ("[:, 1:2, :, 2:5]", 1), ("[..., 1:]", 4)])
def test_indexing_follows_the_axes_across_layouts(index, channels, tmp_path):
    source = torch_net(f"self.conv = nn.Conv2d(3, 4, 3)\nself.conv2 = nn.Conv2d({channels}, 2, 2)",
                       f"y = self.conv(x)\nreturn self.conv2(y{index})", "2, 3, 9, 9")
    check(source, tmp_path, "keras")


def test_indexing_away_the_channel_axis(tmp_path):
    check(torch_net("self.conv = nn.Conv2d(3, 4, 3)", "return self.conv(x)[:, 2]", "2, 3, 7, 7"), tmp_path, "keras")


@pytest.mark.parametrize("call", ["F.pad(y, (1, 2, 0, 1))", "F.pad(y, (1, 1, 2, 0), mode='reflect')",
                                  "F.interpolate(y, scale_factor=2)",
                                  "F.interpolate(y, scale_factor=2, mode='bilinear', align_corners=False)"])
def test_functional_pad_and_resize_after_a_conv(call, tmp_path):
    source = torch_net("self.conv = nn.Conv2d(3, 4, 3)", f"y = self.conv(x)\nreturn {call}", "2, 3, 7, 8")
    check(source, tmp_path, "keras")


def test_strided_dilated_conv_is_a_unit_stride_conv_then_a_subsample_in_keras(tmp_path):
    source = torch_net("self.conv = nn.Conv2d(3, 4, 3, stride=2, padding=(1, 2), dilation=2)", "return self.conv(x)",
                       "2, 3, 11, 10")
    code = check(source, tmp_path, "keras")
    assert "MaxPooling2D(pool_size=1, strides=2)" in code and "dilation_rate=2" in code


@pytest.mark.parametrize("layer, shape", [('layers.Conv2DTranspose(4, 3, strides=2, padding="same")', "(5, 6, 3)"),
                                          ('layers.Conv2DTranspose(4, 4, strides=2, padding="same")', "(5, 6, 3)"),
                                          ('layers.Conv2DTranspose(4, 2, strides=3, padding="same")', "(5, 6, 3)"),
                                          ('layers.Conv1DTranspose(4, 3, strides=2, padding="same")', "(5, 3)")])
def test_keras_same_transposed_conv_crops_unevenly_in_torch(layer, shape, tmp_path):
    code = check(keras_net(layer, shape), tmp_path, "torch")
    assert '"same"' not in code
