"""Frontend gaps found by the migration tests: each case is read, migrated and verified."""
from backend_ir import migrate_and_verify

from nnport import api
from nnport.options import ReadOptions

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
