"""PyTorch files whose networks come from Python the reader evaluates: layer classes held in
tables and parameters, dicts filled key by key, class annotations, static and class methods,
``setattr``, lists of tensors kept in forward, flags parsed before the module-level code that
reads them. Each source is migrated to Keras and verified as it stands (weights copied, outputs
compared)."""
import re
from pathlib import Path

import pytest

import nnport
from nnport import api
from nnport.errors import NnportError, Reporter
from nnport.ir.text import dump
from nnport.options import ReadOptions, WriteOptions
from nnport.passes.shapes import infer_shapes


def migrated(tmp_path: Path, text: str, read: ReadOptions | None = None):
    source = tmp_path / "source.py"
    source.write_text(text)
    reporter = Reporter()
    out = tmp_path / "migrated_keras.py"
    out.write_text(api.migrate(source, WriteOptions(target="keras", only_model=True), read or ReadOptions(), reporter))
    return source, out, reporter


def verified(source: Path, out: Path, **kwargs):
    result = nnport.verify(source, out, trials=2, **kwargs)
    assert result.passed, result.summary()
    return result


ACTIVATION_TABLE = '''
import os

from torch import nn
from torch.nn import GELU

ACT = os.environ.get("ACT", "gelu")
ACTS = {"relu": nn.ReLU, "gelu": GELU, "tanh": nn.Tanh}


def head(width, classes, act=nn.SiLU):
    return nn.Sequential(nn.Linear(width, width), act(), nn.Linear(width, classes))


class Net(nn.Module):
    def __init__(self, width=24):
        super().__init__()
        act = ACTS[ACT]
        self.body = nn.Sequential(nn.Linear(12, width), act())
        self.head = head(width, 3)

    def forward(self, x):
        return self.head(self.body(x))
'''


def test_layer_classes_from_a_table_a_default_and_an_import_are_called(tmp_path):
    source, out, reporter = migrated(tmp_path, ACTIVATION_TABLE)
    code = out.read_text()
    assert "activations.gelu(x, approximate=False)" in code and 'activation="silu"' in code
    assert any("'ACT' is read as its default 'gelu'" in d.message for d in reporter.diagnostics)
    verified(source, out)


ORDERED_DICT_BUILDER = '''
from collections import OrderedDict

import torch.nn as nn


def make_mlp(sizes, act=nn.Tanh):
    layers = OrderedDict()
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers[f"linear{i}"] = nn.Linear(a, b)
        if i < len(sizes) - 2:
            layers[f"act{i}"] = act()
    return nn.Sequential(layers)


net = make_mlp([20, 32, 16, 4])
'''


def test_a_module_variable_built_by_a_function_returning_a_sequential_of_named_items(tmp_path):
    source, out, _ = migrated(tmp_path, ORDERED_DICT_BUILDER)
    code = out.read_text()
    assert code.count("layers.Dense(") == 3 and 'name="linear2"' in code
    assert api.load(source).source.model_expr == "net"
    verified(source, out)


BLOCK_ATTRIBUTES = '''
import torch
import torch.nn as nn


class Plain(nn.Module):
    widen: int = 1

    def __init__(self, cin, width):
        super().__init__()
        self.conv = nn.Conv2d(cin, width * self.widen, 3, padding=1)

    def forward(self, x):
        return torch.relu(self.conv(x))


class Wide(Plain):
    widen: int = 2


class Stack(nn.Module):
    def __init__(self, block=Wide, depth=2, width=4):
        super().__init__()
        channels = 3
        for i in range(depth):
            if channels != width * block.widen:
                setattr(self, f"block{i}", block(channels, width))
                channels = width * block.widen
        self.depth = depth
        self.pool = self.pooling(2)
        self.head = self.classifier(channels, 5)

    @staticmethod
    def pooling(size):
        return nn.AvgPool2d(size)

    @classmethod
    def classifier(cls, features, classes):
        return nn.Linear(features, classes)

    def forward(self, x):
        x = self.block0(x)
        return self.head(self.pool(x).mean((2, 3)))
'''


def test_class_annotations_static_and_class_methods_and_setattr_build_the_layers(tmp_path):
    source, out, _ = migrated(tmp_path, BLOCK_ATTRIBUTES)
    code = out.read_text()
    assert "layers.Conv2D(width * 2, 3" in code and "layers.Dense(5)" in code
    verified(source, out)


SKIP_LIST = '''
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, widths=(4, 8)):
        super().__init__()
        self.downs = nn.ModuleList()
        channels = 3
        for w in widths:
            self.downs.append(nn.Conv2d(channels, w, 3, padding=1))
            channels = w
        self.ups = nn.ModuleList([nn.Conv2d(2 * w, widths[0], 3, padding=1) for w in reversed(widths)])

    def forward(self, x):
        kept = []
        for down in self.downs:
            x = torch.relu(down(x))
            kept.append(x)
        kept = kept[::-1]
        for i, up in enumerate(self.ups):
            x = up(torch.cat([x, kept[i]], dim=1))
        return x
'''


def test_a_list_of_tensors_kept_in_forward_and_read_back_reversed(tmp_path):
    source, out, _ = migrated(tmp_path, SKIP_LIST)
    assert out.read_text().count("concatenate") == 2
    verified(source, out)


FLAGS_FIRST = '''
import argparse
import random

import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("--nz", type=int, default=16)
parser.add_argument("--width", type=int, default=8)
parser.add_argument("--seed", type=int)
parser.add_argument("--gpus", type=int, default=1)
opt = parser.parse_args()
if opt.seed is None:
    opt.seed = random.randint(1, 1000)
torch.manual_seed(opt.seed)
nz, width = int(opt.nz), int(opt.width)


class Generator(nn.Module):
    def __init__(self, gpus):
        super().__init__()
        self.gpus = gpus
        self.main = nn.Sequential(nn.ConvTranspose2d(nz, width, 4, 1, 0), nn.ReLU(True),
                                  nn.ConvTranspose2d(width, 3, 4, 2, 1), nn.Tanh())

    def forward(self, z):
        if z.is_cuda and self.gpus > 1:
            return nn.parallel.data_parallel(self.main, z, range(self.gpus))
        return self.main(z)


net = Generator(opt.gpus)
'''


def test_flags_parsed_before_the_module_code_reading_them_and_a_device_test(tmp_path):
    source, out, reporter = migrated(tmp_path, FLAGS_FIRST)
    assert re.search(r"Conv2DTranspose\(\s*8, 4", out.read_text())
    said = " ".join(d.message for d in reporter.diagnostics)
    assert "--nz=16" in said and "z.is_cuda is read as False" in said
    verified(source, out, input_shape=(None, 16, 1, 1))


def test_a_flag_the_module_code_changes_is_not_read_as_its_default(tmp_path):
    text = FLAGS_FIRST.replace("nz, width = int(opt.nz), int(opt.width)", "nz, width = int(opt.nz), opt.seed")
    try:  # opt.seed is drawn at run time: refused, or kept as a name, never its default None
        _, out, _ = migrated(tmp_path, text)
    except NnportError as exc:
        assert "width" in str(exc)
    else:
        assert re.search(r"Conv2DTranspose\(\s*width, 4", out.read_text())


TOP_STATES = '''
import torch
import torch.nn as nn


class Classifier(nn.Module):
    def __init__(self, vocab=300, dim=16, hidden=12, layers=2, classes=4):
        super().__init__()
        self.layers, self.hidden = layers, hidden
        self.embed = nn.Embedding(vocab, dim)
        self.rnn = nn.GRU(dim, hidden, num_layers=layers, bidirectional=True, batch_first=True)
        self.out = nn.Linear(2 * hidden, classes)

    def forward(self, tokens):
        h0 = torch.zeros(2 * self.layers, tokens.size(0), self.hidden, device=tokens.device)
        _, h_n = self.rnn(self.embed(tokens), h0)
        return self.out(torch.cat((h_n[-2, :, :], h_n[-1, :, :]), dim=1))
'''


def test_the_top_states_of_a_stacked_bidirectional_rnn_picked_with_whole_slices(tmp_path):
    source, out, _ = migrated(tmp_path, TOP_STATES)
    assert out.read_text().count("layers.Bidirectional(") == 2
    verified(source, out)


TRANSITION = '''
import torch
import torch.nn as nn


class Transition(nn.Sequential):
    def __init__(self, cin, cout):
        super().__init__()
        self.norm = nn.BatchNorm2d(cin)
        self.relu = nn.ReLU(inplace=True)
        self.add_module("conv", nn.Conv2d(cin, cout, kernel_size=1, bias=False))
        self.pool = nn.AvgPool2d(kernel_size=2, stride=2)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.down = Transition(8, 4)
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.down(self.stem(x)).mean((2, 3)))
'''


def test_a_sequential_subclass_runs_the_modules_its_constructor_assigns_in_order(tmp_path):
    source, out, _ = migrated(tmp_path, TRANSITION)
    code = out.read_text()
    assert code.index("BatchNormalization") < code.index("Conv2D(4, 1") < code.index("AveragePooling2D")
    verified(source, out)


CEIL_POOLS = '''
import torch.nn as nn

model = nn.Sequential(
    nn.Conv2d(3, 8, kernel_size=3, stride=2),
    nn.ReLU(inplace=True),
    nn.MaxPool2d(kernel_size=3, stride=2, ceil_mode=True),
    nn.Conv2d(8, 8, kernel_size=3, padding=1),
    nn.MaxPool2d(kernel_size=3, stride=2, padding=1, ceil_mode=True),
    nn.Flatten(),
)
'''


@pytest.mark.parametrize("size", [13, 16, 19])
def test_max_pooling_with_ceil_mode_is_exact_for_every_input_size(tmp_path, size):
    source, out, _ = migrated(tmp_path, CEIL_POOLS)
    assert "ceil_mode" not in out.read_text() and 'constant_values=float("-inf")' in out.read_text()
    verified(source, out, input_shape=(None, 3, size, size))


def test_ceil_mode_whose_extra_window_depends_on_an_unknown_size_is_refused(tmp_path):
    text = CEIL_POOLS.replace("kernel_size=3, stride=2, padding=1, ceil_mode=True", "kernel_size=2, stride=2, padding=1, "
                              "ceil_mode=True")
    with pytest.raises(NnportError, match="ceil_mode=True with padding 1 and stride 2"):
        migrated(tmp_path, text)
    source, out, _ = migrated(tmp_path, text, ReadOptions(input_shape=(None, 3, 17, 17)))
    verified(source, out, input_shape=(None, 3, 17, 17))


ARGS_OBJECT = '''
import argparse

import torch.nn as nn


class Net(nn.Module):
    def __init__(self, args):
        super().__init__()
        self.fc1 = nn.Linear(20, args.hidden)
        self.drop = nn.Dropout(args.dropout)
        self.fc2 = nn.Linear(args.hidden, 3)

    def forward(self, x):
        return self.fc2(self.drop(self.fc1(x).relu()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hidden", type=int, default=24)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    model = Net(args)
    print(model)


if __name__ == "__main__":
    main()
'''


def test_a_model_built_from_the_flags_object_parsed_in_main_is_verified_with_their_defaults(tmp_path):
    source, out, _ = migrated(tmp_path, ARGS_OBJECT)
    expression = "Net(argparse.Namespace(hidden=24, dropout=0.2, epochs=3))"
    assert api.load(source).source.model_expr == expression
    assert "layers.Dense(24" in out.read_text()
    verified(source, out)
    other = expression.replace("hidden=24", "hidden=8")  # the same spelling chooses another model
    source, out, _ = migrated(tmp_path, ARGS_OBJECT, ReadOptions(model=other))
    assert "layers.Dense(8" in out.read_text()
    verified(source, out, model=other)


REPARAMETERIZE = '''
import torch
import torch.nn as nn
import torch.nn.functional as F


class VAE(nn.Module):
    def __init__(self, features=12, hidden=16, latent=4):
        super().__init__()
        self.enc = nn.Linear(features, hidden)
        self.mu = nn.Linear(hidden, latent)
        self.logvar = nn.Linear(hidden, latent)
        self.dec = nn.Linear(latent, features)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def forward(self, x):
        h = F.relu(self.enc(x))
        mu, logvar = self.mu(h), self.logvar(h)
        return torch.sigmoid(self.dec(self.reparameterize(mu, logvar))), mu, logvar
'''


def test_a_draw_in_forward_is_a_seeded_keras_draw_and_verify_fixes_it_on_both_sides(tmp_path):
    source, out, _ = migrated(tmp_path, REPARAMETERIZE)
    code = out.read_text()
    assert "self.seed_generator = keras.random.SeedGenerator()" in code
    assert "keras.random.normal(keras.ops.shape(std), seed=self.seed_generator)" in code
    result = verified(source, out)
    assert any("random draws in forward (random_normal_like; 1 per run) were fixed" in n for n in result.notes)


@pytest.mark.parametrize("edit, problem", [
    (("keras.random.normal(", "keras.random.uniform("), "the source draws normal values, the migrated model uniform"),
    (("keras.random.normal(keras.ops.shape(std), seed=self.seed_generator)", "ops.zeros_like(std)"),
     "the source drew 1 times in one run, the migrated model 0 times"),
])
def test_draws_that_do_not_correspond_stop_verify_with_the_reason(tmp_path, edit, problem):
    source, out, _ = migrated(tmp_path, REPARAMETERIZE)
    out.write_text(out.read_text().replace(*edit))
    with pytest.raises(NnportError, match=problem):
        nnport.verify(source, out, trials=1)


def test_a_migrated_model_using_its_draw_otherwise_diverges(tmp_path):
    source, out, _ = migrated(tmp_path, REPARAMETERIZE)
    out.write_text(out.read_text().replace("eps = eps * std", "eps = eps * std * 2.0"))
    assert "std * 2.0" in out.read_text()
    assert not nnport.verify(source, out, trials=1).passed


NOISE_FILLS = '''
import torch
import torch.nn as nn


class Noisy(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        h = self.conv(x)
        noise = torch.empty_like(h).normal_(0.0, 0.1)
        gate = torch.rand(h.shape, device=h.device)
        h = h + noise * gate + 0.01 * torch.randn_like(h)
        return self.fc(h.mean((2, 3)))
'''


@pytest.mark.parametrize("layout", ["source", "native"])
def test_fills_of_an_empty_tensor_and_draws_shaped_like_a_tensor_in_channels_last_regions(tmp_path, layout):
    source = tmp_path / "source.py"
    source.write_text(NOISE_FILLS)
    out = tmp_path / "migrated.py"
    out.write_text(api.migrate(source, WriteOptions(target="keras", only_model=True, layout=layout)))
    code = out.read_text()
    assert code.count("keras.random.SeedGenerator()") == 1 and "stddev=0.1" in code and "keras.random.uniform(" in code
    result = nnport.verify(source, out, trials=2, layout=layout, input_shape=(None, 3, 6, 6))
    assert result.passed, result.summary()
    assert any("3 per run" in n for n in result.notes)


def test_draws_need_the_subclassing_style_and_an_empty_tensor_needs_a_fill(tmp_path):
    source = tmp_path / "source.py"
    source.write_text(NOISE_FILLS)
    with pytest.raises(NnportError, match="only the subclassing style declares"):
        api.migrate(source, WriteOptions(target="keras", style="functional"), ReadOptions(input_shape=(None, 3, 6, 6)))
    source.write_text(NOISE_FILLS.replace(".normal_(0.0, 0.1)", ""))
    with pytest.raises(NnportError, match=r"torch.empty_like\(...\) holds no values until a random draw fills it"):
        api.migrate(source, WriteOptions(target="keras"))
    source.write_text(NOISE_FILLS.replace("torch.rand(h.shape, device=h.device)", "h.view([*h.shape])"))
    with pytest.raises(NnportError, match="iterating %h.shape needs its rank"):
        api.migrate(source, WriteOptions(target="keras"))


def test_a_draw_read_back_from_the_pivot_model_is_written_for_pytorch(tmp_path):
    source = tmp_path / "source.py"
    source.write_text(NOISE_FILLS)
    notation = tmp_path / "noisy.nn"
    model = api.load(source)
    infer_shapes(model, Reporter())
    notation.write_text(dump(model))
    text = api.migrate(notation, WriteOptions(target="torch", only_model=True))
    assert "torch.randn_like(h) * 0.1" in text and "torch.rand_like(h)" in text and "import torch" in text
    namespace: dict = {}
    exec(compile(text, "noisy_torch.py", "exec"), namespace)  # noqa: S102 - the code nnport just wrote
    import torch
    assert tuple(namespace["Noisy"]()(torch.ones(2, 3, 5, 5)).shape) == (2, 2)
