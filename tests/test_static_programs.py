"""Values a file computes rather than states: builders of builders with ``**kwargs``, config
tables, ``make_layers`` loops, argparse defaults, tuple unpacking, environment variables, a model
chosen by a call expression, a Keras input shaped by data loaded at run time. Each source is
written the way such files are written, migrated, and verified as it stands."""
from pathlib import Path

import pytest

import nnport
from nnport import api
from nnport.errors import NnportError, Reporter
from nnport.options import ReadOptions, WriteOptions

VGG = '''
import torch
import torch.nn as nn

cfgs = {"A": [16, "M", 32, "M"], "B": [16, 16, "M", 32, 32, "M"]}


class VGG(nn.Module):
    def __init__(self, features, num_classes=10):
        super().__init__()
        self.features = features
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.classifier = nn.Sequential(nn.Linear(32, 64), nn.ReLU(True), nn.Dropout(), nn.Linear(64, num_classes))

    def forward(self, x):
        x = torch.flatten(self.avgpool(self.features(x)), 1)
        return self.classifier(x)


def make_layers(cfg, batch_norm=False):
    layers = []
    in_channels = 3
    for v in cfg:
        if v == "M":
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        else:
            conv2d = nn.Conv2d(in_channels, v, kernel_size=3, padding=1)
            layers += [conv2d, nn.BatchNorm2d(v), nn.ReLU(inplace=True)] if batch_norm else [conv2d, nn.ReLU(True)]
            in_channels = v
    return nn.Sequential(*layers)


def _vgg(cfg, batch_norm, **kwargs):
    model = VGG(make_layers(cfgs[cfg], batch_norm=batch_norm), **kwargs)
    return model


def vgg_a(**kwargs):
    return _vgg("A", False, **kwargs)


def vgg_b_bn(**kwargs):
    return _vgg("B", True, **kwargs)
'''

ARGPARSE = '''
import argparse
import os

import torch
import torch.nn as nn

parser = argparse.ArgumentParser(description="MLP")
parser.add_argument("--hidden", type=int, default=48)
parser.add_argument("--dropout", type=float, default="0.25")
parser.add_argument("--no-bias", action="store_true")
args = parser.parse_args()

N, D_in, D_out = 64, 20, 3
WIDTH = int(os.environ.get("WIDTH", 16))


class Net(nn.Module):
    def __init__(self, hidden, p):
        super().__init__()
        self.fc1 = nn.Linear(D_in, hidden, bias=not args.no_bias)
        self.drop = nn.Dropout(p)
        self.fc2 = nn.Linear(hidden, WIDTH)
        self.out = nn.Linear(WIDTH, D_out)

    def forward(self, x):
        return self.out(torch.relu(self.fc2(self.drop(torch.relu(self.fc1(x))))))


model = Net(args.hidden, args.dropout)
'''

UPSCALE = '''
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, upscale_factor, channels=1):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 16, (5, 5), (1, 1), (2, 2))
        self.conv2 = nn.Conv2d(16, upscale_factor ** 2, (3, 3), (1, 1), (1, 1))

    def forward(self, x):
        return self.conv2(nn.functional.relu(self.conv1(x)))
'''

KERAS_DATA_SHAPED = '''
import numpy as np
import keras
from keras import layers

x_train = np.load("features.npy")
input_shape = x_train.shape[1:]

inputs = keras.Input(shape=input_shape)
x = layers.Dense(32, activation="relu")(inputs)
outputs = layers.Dense(4)(x)
model = keras.Model(inputs, outputs)
'''


def migrated(tmp_path: Path, text: str, target: str, read: ReadOptions = ReadOptions(), name="source.py"):
    source = tmp_path / name
    source.write_text(text)
    reporter = Reporter()
    out = tmp_path / f"migrated_{target}.py"
    out.write_text(api.migrate(source, WriteOptions(target=target, only_model=True), read, reporter))
    return source, out, reporter


@pytest.mark.parametrize("builder", [None, "vgg_b_bn", "vgg_a(num_classes=5)"])
def test_builders_of_builders_with_kwargs_and_a_config_table(tmp_path, builder):
    source, out, _ = migrated(tmp_path, VGG, "keras", ReadOptions(model=builder))
    model = api.load(source, ReadOptions(model=builder))
    expected = {None: "vgg_a()", "vgg_b_bn": "vgg_b_bn()", "vgg_a(num_classes=5)": "vgg_a(num_classes=5)"}
    assert model.source.model_expr == expected[builder]
    result = nnport.verify(source, out, model=builder, trials=2)
    assert result.passed, result.summary()
    assert out.read_text().count("BatchNormalization") == (4 if builder == "vgg_b_bn" else 0)


def test_argparse_defaults_tuple_unpacking_and_environment_are_read_with_a_warning(tmp_path):
    source, out, reporter = migrated(tmp_path, ARGPARSE, "keras")
    code = out.read_text()
    assert "def __init__(self, hidden, p, **kwargs)" in code  # the flags' values are the model's arguments
    assert "layers.Dense(hidden" in code and "use_bias" not in code and "layers.Dropout(p)" in code
    assert "layers.Dense(16, activation=\"relu\")" in code and "layers.Dense(3)" in code
    warnings = " ".join(d.message for d in reporter.diagnostics)
    assert "--hidden=48, --dropout=0.25, --no-bias=False" in warnings
    assert "environment variable 'WIDTH' is read as its default 16" in warnings
    assert nnport.verify(source, out, trials=2).passed


def test_a_class_the_file_never_builds_is_chosen_with_a_call_expression(tmp_path):
    source, out, reporter = migrated(tmp_path, UPSCALE, "keras")  # the required size stays a parameter
    assert "def __init__(self, upscale_factor, channels=1, **kwargs)" in out.read_text()
    assert "layers.Conv2D(upscale_factor**2, 3" in out.read_text()
    assert any("--model 'Net(upscale_factor=...)'" in d.message for d in reporter.diagnostics)
    result = nnport.verify(source, out, trials=2)
    assert result.passed and any("upscale_factor=16" in note for note in result.notes), result.notes
    source, out, _ = migrated(tmp_path, UPSCALE, "keras", ReadOptions(model="Net(upscale_factor=3)"))
    # 3 is the model's argument now, so the class is written as generically as the source's
    assert "layers.Conv2D(upscale_factor**2, 3" in out.read_text()
    assert nnport.verify(source, out, model="Net(upscale_factor=3)", trials=2).passed


def test_a_keras_input_shaped_by_data_loaded_at_run_time(tmp_path):
    source, out, reporter = migrated(tmp_path, KERAS_DATA_SHAPED, "torch")
    assert "nn.LazyLinear(32)" in out.read_text()
    assert any("depends on data loaded at run time" in d.message for d in reporter.diagnostics)


ZERO_STATES = '''
import torch
import torch.nn as nn
from torch.autograd import Variable

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class RNN(nn.Module):
    def __init__(self, input_size=6, hidden_size=16, num_layers=2, num_classes=3):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.lstm = nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)
        self.gru = nn.GRU(hidden_size, hidden_size, batch_first=True)
        self.fc = nn.Linear(hidden_size, num_classes)

    def forward(self, x):
        h0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(device)
        c0 = torch.zeros(self.num_layers, x.size(0), self.hidden_size).to(device)
        out, _ = self.lstm(Variable(x), (h0, c0))
        out, _ = self.gru(out, Variable(torch.zeros(1, x.size(0), self.hidden_size)).cpu())
        return self.fc(out[:, -1, :].to(device))
'''


def test_zero_initial_states_device_moves_and_variables_compute_nothing(tmp_path):
    source, out, _ = migrated(tmp_path, ZERO_STATES, "keras")
    assert "zeros" not in out.read_text()
    assert nnport.verify(source, out, trials=2).passed


def test_zeros_used_as_a_tensor_is_refused_with_its_place(tmp_path):
    text = ZERO_STATES.replace("return self.fc(out[:, -1, :].to(device))",
                               "return self.fc(out[:, -1, :] + torch.zeros(x.size(0), self.hidden_size))")
    with pytest.raises(NnportError) as refused:
        migrated(tmp_path, text, "keras")
    assert "used as a tensor" in str(refused.value.diagnostics[0])
    assert ":23:40:" in str(refused.value.diagnostics[0])


KERAS_TRAINING_OBJECTS = '''
import tensorflow as tf
from tensorflow.keras import backend as K

layers = tf.keras.layers
rows, cols = 12, 12
if K.image_data_format() == "channels_first":
    input_shape = (1, rows, cols)
else:
    input_shape = (rows, cols, 1)

model = tf.keras.Sequential([
    layers.Conv2D(8, kernel_size=(3, 3), activation="relu", input_shape=input_shape),
    layers.Flatten(),
    layers.Dense(4, activation="softmax"),
])
model.compile(loss=tf.keras.losses.categorical_crossentropy, optimizer="adam",
              metrics=[tf.keras.metrics.MeanSquaredError(), "accuracy"])
model.fit(x, y, epochs=2, callbacks=[tf.keras.callbacks.TensorBoard(log_dir="logs")])
'''


def test_module_aliases_data_format_branches_and_training_objects_do_not_stop_reading(tmp_path):
    source, out, reporter = migrated(tmp_path, KERAS_TRAINING_OBJECTS, "torch")
    model = api.load(source)
    assert model.training.loss.kind == "cross_entropy"
    assert model.training.untranslated == []  # the metric object and TensorBoard have PyTorch forms
    assert model.training.metrics == ["mean_squared_error_metric", "accuracy"]
    assert [c.kind for c in model.training.callbacks] == ["tensorboard"]
    assert not [d for d in reporter.diagnostics if "not translated" in d.message]
    assert nnport.verify(source, out, trials=2).passed
    script = api.migrate(source, WriteOptions(target="torch"))
    assert 'sums["mean_squared_error"] +=' in script and 'writer = SummaryWriter("logs")' in script


KERAS_ARGPARSE_LOOP = '''
import argparse
import keras
from keras import layers

parser = argparse.ArgumentParser()
parser.add_argument("--units", type=int, default=32)
parser.add_argument("--layers", type=int, default=2)
args = parser.parse_args()

model = keras.Sequential([keras.Input(shape=(12,))])
for _ in range(args.layers):
    model.add(layers.Dense(args.units, activation="relu"))
model.add(layers.Dense(3))
'''


def test_keras_argparse_defaults_drive_a_loop_that_adds_layers(tmp_path):
    source, out, reporter = migrated(tmp_path, KERAS_ARGPARSE_LOOP, "torch")
    assert out.read_text().count("nn.Linear(") == 3
    assert any("--units=32, --layers=2" in d.message for d in reporter.diagnostics)
    assert nnport.verify(source, out, trials=2).passed


def test_a_loop_adding_layers_that_cannot_be_read_is_refused_not_dropped(tmp_path):
    text = KERAS_ARGPARSE_LOOP.replace("range(args.layers)", "range(len(open('layers.txt').read()))")
    with pytest.raises(NnportError, match="it adds to the model, so the model cannot be read without it"):
        migrated(tmp_path, text, "torch")


def test_a_table_filled_by_a_loop_is_not_read_as_it_was_first_assigned(tmp_path):
    text = '''
import torch.nn as nn

sentences = [["the", "dog"], ["a", "cat", "sat"]]
word_to_ix = {}
for sentence in sentences:
    for word in sentence:
        word_to_ix.setdefault(word, len(word_to_ix))


class Tagger(nn.Module):
    def __init__(self, vocab_size, dim=8):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, dim)
        self.fc = nn.Linear(dim, 2)

    def forward(self, x):
        return self.fc(self.emb(x))


model = Tagger(len(word_to_ix))
'''
    source, out, reporter = migrated(tmp_path, text, "keras")  # never read as the empty dict: a named size
    assert "layers.Embedding(vocab_size, dim)" in out.read_text()
    assert any("`len(word_to_ix)`" in d.message for d in reporter.diagnostics)
    assert nnport.verify(source, out, trials=2).passed


PYTHON_IN_CONSTRUCTORS = '''
import torch.nn as nn

WIDTHS = (8, 16, 32)


class Encoder(nn.Module):
    def __init__(self, size=32, channels=3):
        super().__init__()
        assert size % 8 == 0, "size must be a multiple of 8"
        depth = 0
        while size > 4:
            width = WIDTHS[depth] if isinstance(depth, int) else 4
            self.add_module(f"stage{depth}", nn.Conv2d(channels, width, 3, stride=2, padding=1))
            channels, size, depth = width, size // 2, depth + 1
        self.depth = depth
        self.head = nn.Linear(channels, 2) if hasattr(self, "depth") else None

    def forward(self, x):
        for i in range(self.depth):
            x = nn.functional.relu(getattr(self, f"stage{i}")(x))
        return self.head(x.mean((2, 3)))
'''


def test_while_assert_fstrings_getattr_hasattr_and_isinstance_in_constructors(tmp_path):
    source, out, _ = migrated(tmp_path, PYTHON_IN_CONSTRUCTORS, "keras")
    assert out.read_text().count("layers.Conv2D(") == 3
    assert nnport.verify(source, out, trials=2).passed
    with pytest.raises(NnportError, match="assert size % 8 == 0 fails for the values read"):
        migrated(tmp_path, PYTHON_IN_CONSTRUCTORS.replace("size=32", "size=30"), "keras")


KERAS_KWARGS_BUILDER = '''
import keras
from keras import layers


def build(input_shape=(16,), width=32, num_classes=10, **extra):
    inputs = keras.Input(shape=input_shape)
    x = layers.Dense(width, activation="relu")(inputs)
    return keras.Model(inputs, layers.Dense(num_classes, name="head")(x), **extra)


def small(**kwargs):
    return build(width=8, **kwargs)


model = small(num_classes=5, name="small_net")
'''


def test_keras_builders_forward_their_keyword_arguments(tmp_path):
    source, out, _ = migrated(tmp_path, KERAS_KWARGS_BUILDER, "torch")
    code = out.read_text()
    assert "nn.Linear(16, 8)" in code and "nn.Linear(8, 5)" in code
    assert nnport.verify(source, out, trials=2).passed
