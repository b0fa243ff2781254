"""Frontend gaps found by the migration tests: each case is read, migrated and verified."""
from backend_ir import migrate_and_verify

from nnport import api
from nnport.errors import Reporter
from nnport.options import ReadOptions
from nnport.passes.shapes import infer_shapes

SEQUENTIAL_SUBCLASS = '''
import keras
from keras import layers


class Classifier(keras.Sequential):
    def __init__(self, classes=10, **kwargs):
        super().__init__([keras.Input(shape=(12, 12, 3)), layers.Conv2D(4, 3, activation="relu")], **kwargs)
        self.add(layers.Flatten())
        self.add(layers.Dense(classes, name="logits"))


model = Classifier(5)
'''


def test_keras_sequential_subclass_is_read_as_a_sequential(tmp_path):
    source = tmp_path / "classifier.py"
    source.write_text(SEQUENTIAL_SUBCLASS)
    model = api.load(source, ReadOptions())
    net = model.network
    assert (net.name, net.style) == ("Classifier", "sequential")
    assert [(m.name, m.kind) for m in net.modules.values()] == [
        ("conv2d", "conv2d"), ("flatten", "flatten"), ("logits", "linear")]
    assert net.modules["logits"].attrs["out_features"] == 5
    assert net.graph.types[net.graph.inputs[0].outputs[0]].shape == (None, 12, 12, 3)


def test_keras_sequential_subclass_migrates_to_torch(tmp_path):
    code, result = migrate_and_verify(SEQUENTIAL_SUBCLASS, tmp_path, "torch")
    assert "nn.Linear(400, 5)" in code
    assert result.passed, result


UPSAMPLER = '''
import torch
from torch import nn


class Upsampler(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.1)
        self.up = nn.ConvTranspose1d(3, 4, kernel_size=3, stride=2)
        self.head = nn.Linear(4 * 15, 2)

    def forward(self, x):
        x = self.up(self.drop(torch.tanh(x)))
        return self.head(x.flatten(1))


model = Upsampler()
out = model(torch.randn(2, 3, 7))
'''


def test_input_roles_come_from_the_first_layer_that_fixes_them(tmp_path):
    """tanh and dropout read any layout: the ConvTranspose1d after them makes (2, 3, 7) (N, C, W)."""
    source = tmp_path / "upsampler.py"
    source.write_text(UPSAMPLER)
    net = api.load(source, ReadOptions()).network
    assert net.graph.types[net.graph.inputs[0].outputs[0]].roles == ("N", "C", "W")
    code, result = migrate_and_verify(UPSAMPLER, tmp_path, "keras")
    assert "Conv1DTranspose(4, 3, strides=2" in code
    assert result.passed, result


def diagnostics(tmp_path, source: str, name: str, **options) -> list[str]:
    path = tmp_path / name
    path.write_text(source)
    reporter = Reporter()
    model = api.load(path, ReadOptions(**options), reporter)
    infer_shapes(model, reporter)
    return [str(d) for d in reporter.errors]


def test_a_pooling_that_leaves_nothing_is_an_error_at_the_layer(tmp_path):
    source = ("import torch\nfrom torch import nn\n\n"
              "model = nn.Sequential(nn.Conv1d(2, 4, 5), nn.MaxPool1d(2), nn.Flatten(), nn.Linear(4, 3))\n"
              "out = model(torch.randn(1, 2, 5))\n")
    errors = diagnostics(tmp_path, source, "pool.py")
    assert len(errors) == 1
    assert "pool.py:4:43" in errors[0] and "max_pool1d '1'" in errors[0]
    assert "W=0" in errors[0] and "W=1" in errors[0]


TRANSPOSING = '''
import keras
from keras import layers, ops


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = layers.Conv2D(8, 5)
        self.flat = layers.Flatten()
        self.fc = layers.Dense(64)

    def call(self, x):
        x = ops.transpose(x, (0, 2, 3, 1))
        return self.fc(self.flat(self.conv(x)))
'''


def test_a_conv_reading_channels_off_the_channel_axis_is_an_error(tmp_path):
    """An NCHW shape given to a subclass that transposes its input itself: in the channels-last
    roles the input was given, the conv would read its channels from H (before, a negative H
    gave nn.Linear(-768, 64) in the migrated file)."""
    errors = diagnostics(tmp_path, TRANSPOSING, "transposing.py", input_shape=(None, 3, 18, 18))
    assert len(errors) == 1 and "transposing.py:9:21" in errors[0] and "conv2d 'conv'" in errors[0]
    assert "which is H, not C" in errors[0] and "C=18, H=3" in errors[0]


POOLING = '''
import torch
from torch import nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.pool = nn.MaxPool2d(3, stride=1, padding=1)
        self.fc = nn.Linear(4 * 2 * 2, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv(x)) - 1.0)  # negative values: padded cells must not win
        x = F.adaptive_avg_pool2d(x, (2, 2)) + F.adaptive_max_pool2d(x, 2)
        return self.fc(torch.flatten(x, 1))


model = Net()
out = model(torch.randn(2, 3, 8, 8))
'''


def test_adaptive_pool_functions_and_same_max_pool_padding_migrate_to_keras(tmp_path):
    code, result = migrate_and_verify(POOLING, tmp_path, "keras")
    assert 'MaxPooling2D(pool_size=3, strides=1, padding="same")' in code
    assert "AdaptiveAveragePooling2D(2)" in code and "AdaptiveMaxPooling2D(2)" in code
    assert result.passed, result


SIGNAL_POOLING = '''
import torch
from torch import nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.MaxPool1d(2, stride=2, padding=1)
        self.fc = nn.Linear(3 * 3, 2)

    def forward(self, x):
        x = self.pool(x - 3.0)
        x = F.adaptive_max_pool1d(x, 3) + F.adaptive_avg_pool1d(x, 3)
        return self.fc(x.flatten(1))


model = Net()
out = model(torch.randn(2, 3, 8))
'''


def test_max_pool_padding_that_is_not_same_pads_with_minus_infinity_in_keras(tmp_path):
    code, result = migrate_and_verify(SIGNAL_POOLING, tmp_path, "keras")
    assert "-inf" in code or "float(\"-inf\")" in code
    assert result.passed, result


RESHAPING = '''
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(3, 8, 3, padding=1)
        self.rnn = nn.GRU(12, 5, batch_first=True)

    def forward(self, x):
        x = self.conv(x)
        x = x.reshape(x.size(0), 4, -1)
        out, _ = self.rnn(x)
        return out[:, -1]


model = Net()
out = model(torch.randn(2, 3, 6))
'''


def test_reshape_keeping_the_batch_is_written_with_the_known_sizes(tmp_path):
    """Frameworks take one inferred size and the batch is already one: (N, 4, -1) -> (-1, 4, 12)."""
    code, result = migrate_and_verify(RESHAPING, tmp_path, "keras")
    assert "ops.reshape(x_ncw, (-1, 4, 12))" in code
    assert result.passed, result


def test_keras_reshape_with_an_inferred_size_migrates_to_torch(tmp_path):
    source = ("import keras\nfrom keras import layers\n\n"
              "model = keras.Sequential([keras.Input(shape=(6, 4)), layers.Reshape((3, -1)), layers.Dense(2)])\n")
    code, result = migrate_and_verify(source, tmp_path, "torch")
    assert "(-1, 3, 8)" in code
    assert result.passed, result
