"""verify runs a model file as it stands: a relative import of the file's own package (the file
runs on its own, with no package), a name a framework no longer has that only data code takes,
and command-line flags declared required do not stop it; the notes say what did not run."""
import pytest
from backend_ir import migrate_and_verify

from nnport.errors import NnportError
from nnport.weights import runtime

pytest.importorskip("torch")
pytest.importorskip("keras")

PACKAGE_MODULE = '''from typing import Any, Optional
import torch
from torch import nn

from .._internally_replaced_utils import fetch_state
from ._helpers import round_channels

__all__ = ["TinyNet", "tinynet"]


class TinyNet(nn.Module):
    def __init__(self, width: int = 8, num_classes: int = 10) -> None:
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(3, width, 3, padding=1), nn.ReLU(inplace=True),
                                  nn.AdaptiveAvgPool2d((1, 1)))
        self.head = nn.Linear(width, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(torch.flatten(self.body(x), 1))


def _tinynet(width: int, pretrained: bool, progress: bool, **kwargs: Any) -> TinyNet:
    model = TinyNet(width, **kwargs)
    if pretrained:
        model.load_state_dict(fetch_state("https://example.org/tiny.pth", progress=progress))
    return model


def tinynet(pretrained: bool = False, progress: bool = True, **kwargs: Any) -> TinyNet:
    return _tinynet(8, pretrained, progress, **kwargs)
'''

LEGACY_KERAS = '''from __future__ import print_function
import keras
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.utils import np_utils

nb_classes = 10
(X_train, y_train), (X_test, y_test) = mnist.load_data()
X_train = X_train.reshape(60000, 784).astype('float32') / 255
Y_train = np_utils.to_categorical(y_train, nb_classes)

model = Sequential()
model.add(Dense(32, activation='relu', input_shape=(784,)))
model.add(Dropout(0.2))
model.add(Dense(nb_classes, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='sgd')
model.fit(X_train, Y_train, batch_size=128, epochs=1)
'''

REQUIRED_FLAG = '''import argparse
import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument('--data', required=True, help='where the images are')
parser.add_argument('--hidden', type=int, default=16)
opt = parser.parse_args()
print(opt)


class Critic(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.main = nn.Sequential(nn.Linear(12, hidden), nn.LeakyReLU(0.2, inplace=True), nn.Linear(hidden, 1))

    def forward(self, x):
        return self.main(x)


netD = Critic(opt.hidden)
'''


def _skipped(result) -> dict:
    return {item["kind"]: item["lines"] for item in result.skipped["source"]}


def test_relative_imports_of_the_files_package_do_not_run(tmp_path):
    _, result = migrate_and_verify(PACKAGE_MODULE, tmp_path, "keras", name="tinynet.py")
    assert result.passed and result.max <= 1e-5, result.summary()
    assert _skipped(result)["relative imports"] == [5, 6]


def test_a_name_only_a_relative_import_gives_is_explained(tmp_path):
    text = PACKAGE_MODULE.replace("self.head = nn.Linear(width, num_classes)",
                                  "self.head = nn.Linear(round_channels(width), num_classes)")
    path = tmp_path / "tinynet.py"
    path.write_text(text)
    module = runtime.import_file(path, "torch", ["tinynet()"])
    with pytest.raises(NnportError, match=r"needs 'round_channels' \(line 6: `from \._helpers import "
                                          r"round_channels`\), which the file sets only in relative imports"):
        runtime.instantiate(module, None, "tinynet()")


def test_an_import_gone_from_keras_that_only_data_code_takes(tmp_path):
    _, result = migrate_and_verify(LEGACY_KERAS, tmp_path, "torch", name="mnist_mlp.py")
    assert result.passed and result.max <= 1e-5, result.summary()


def test_a_required_flag_is_read_as_absent_and_said(tmp_path):
    _, result = migrate_and_verify(REQUIRED_FLAG, tmp_path, "keras", name="gan.py")
    assert result.passed and result.max <= 1e-5, result.summary()
    assert any("run without its required flag --data (line 6)" in note for note in result.notes), result.notes
