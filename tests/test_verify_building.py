"""verify builds the source model the way the source file does (constructor arguments in a
``__main__`` block, factories, named Keras models, list attributes), draws a default length for
open sequence axes, replaces data-only libraries that do not import, and catches a hand-changed
LeakyReLU slope."""
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import nnport
from nnport import api
from nnport.cli import main
from nnport.errors import NnportError
from nnport.options import WriteOptions
from nnport.verify.arrays import DEFAULT_SEQUENCE
from nnport.weights.placeholders import PlaceholderWarning

pytest.importorskip("torch")
pytest.importorskip("keras")

TORCH_NET = '''
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, hidden, num_classes=1000):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(6, hidden), nn.ReLU())
        self.head = nn.Linear(hidden, num_classes)

    def forward(self, x):
        return self.head(self.body(x))

{build}
'''


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def migrate_and_verify(source: Path, target: str, tmp_path: Path, **options):
    migrated = write(tmp_path, f"{source.stem}_{target}.py",
                     api.migrate(source, WriteOptions(target=target, only_model=True)))
    return nnport.verify(source, migrated, trials=2, batch=2, **options)


@pytest.mark.parametrize("build", [
    'if __name__ == "__main__":\n    model = Net(5, num_classes=3)\n    model(torch.randn(1, 6))',
    'def make(classes=3):\n    return Net(5, classes)\n\n\nif __name__ == "__main__":\n'
    '    model = make()\n    model(torch.randn(1, 6))',
], ids=["arguments-in-main-block", "factory-with-defaults"])
def test_source_model_built_with_the_files_own_arguments(build, tmp_path):
    source = write(tmp_path, "net.py", TORCH_NET.format(build=build))
    result = migrate_and_verify(source, "keras", tmp_path)
    assert result.passed, result.summary()
    assert {"body.0", "head"} <= set(result.per_layer)


def test_an_expression_that_cannot_run_is_replaced_by_the_class_it_builds(tmp_path):
    build = 'def main():\n    width = 5\n    model = Net(width, 3)\n    model(torch.randn(1, 6))'
    source = write(tmp_path, "net.py", TORCH_NET.format(build=build))
    result = migrate_and_verify(source, "keras", tmp_path)  # Net(width, 3): width is main()'s
    assert result.passed, result.summary()
    assert any(n.startswith("the source model is built as Net(") and "'Net(width, 3)' failed: NameError" in n
               for n in result.notes), result.notes
    result = migrate_and_verify(source, "keras", tmp_path, factory="Net(5, 3)")
    assert result.passed, result.summary()


KERAS_NAMED = '''
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(4, activation="relu"), layers.Dense(2)],
                         name="tiny_net")
'''

KERAS_LIST = '''
import keras
from keras import layers


class MLP(keras.Model):
    def __init__(self, units=(8, 4)):
        super().__init__()
        self.hidden = [layers.Dense(u, activation="tanh") for u in units]
        self.out = layers.Dense(2)

    def call(self, x):
        for layer in self.hidden:
            x = layer(x)
        return self.out(x)


model = MLP(units=(5, 3))
model.build((None, 6))
'''


@pytest.mark.parametrize("text", [KERAS_NAMED, KERAS_LIST], ids=["sequential-name", "list-attribute"])
def test_keras_models_found_by_the_variable_holding_them(text, tmp_path):
    result = migrate_and_verify(write(tmp_path, "keras_net.py", text), "torch", tmp_path)
    assert result.passed, result.summary()
    assert result.per_layer and not result.not_compared


KERAS_OPEN_SEQUENCE = '''
import keras
from keras import layers

tokens = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(50, 4)(tokens)
x = layers.GlobalAveragePooling1D()(x)
model = keras.Model(tokens, layers.Dense(2)(x))
'''


def test_open_sequence_length_gets_a_default_and_a_note(tmp_path):
    result = migrate_and_verify(write(tmp_path, "tokens.py", KERAS_OPEN_SEQUENCE), "torch", tmp_path)
    assert result.passed, result.summary()
    assert any(f"{DEFAULT_SEQUENCE} steps" in note for note in result.notes)


DATA_IMPORTS = '''
import torch
from torch import nn
import torchvision
import torchvision.transforms as T
from torchvision import datasets

model = nn.Sequential(nn.Linear(6, 4), nn.ReLU(), nn.Linear(4, 2))
{extra}

if __name__ == "__main__":
    train = datasets.MNIST("data", transform=T.ToTensor())
'''


def test_data_library_only_data_code_uses_is_not_imported(tmp_path):
    source = write(tmp_path, "data_net.py", DATA_IMPORTS.format(extra="model(torch.randn(1, 6))"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", PlaceholderWarning)
        result = migrate_and_verify(source, "keras", tmp_path)
    assert result.passed, result.summary()
    assert [s["kind"] for s in result.skipped["source"]] == ["imports", "other statements", "main block"]


# the network's own code imports the library: the import runs, and a library that fails is a placeholder
LIBRARY_IN_NETWORK = '''
import torch
from torch import nn
import torchtext.transforms as T


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(6, 2)

    def forward(self, x):
        return self.fc(x)

    def tokenizer(self):
        return T.ToTensor()
{extra}

model = Net()
'''


def test_broken_data_library_is_replaced_and_a_use_of_it_fails_clearly(tmp_path):
    package = tmp_path / "torchtext"
    package.mkdir()
    write(package, "__init__.py", "raise RuntimeError('built for another torch')\n")
    source = write(tmp_path, "text_net.py", LIBRARY_IN_NETWORK.format(extra=""))
    with pytest.warns(PlaceholderWarning, match="RuntimeError: built for another torch"):
        assert migrate_and_verify(source, "keras", tmp_path).passed
    used = write(tmp_path, "uses_it.py", LIBRARY_IN_NETWORK.format(extra="").replace(
        "    def tokenizer(self):\n        return T.ToTensor()", "    tokens = T.ToTensor()"))
    with pytest.warns(PlaceholderWarning), pytest.raises(NnportError, match=r"uses_it.py:15:.*torchtext.transforms"
                                                         r".ToTensor was used, but torchtext could not be imported"):
        migrate_and_verify(used, "keras", tmp_path)


LEAKY = '''
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(4), layers.LeakyReLU(negative_slope=0.2),
                          layers.Dense(2)])
'''


def test_changed_leaky_relu_slope_is_caught_and_named(tmp_path):
    source = write(tmp_path, "leaky.py", LEAKY)
    code = api.migrate(source, WriteOptions(target="torch", only_model=True))
    assert "nn.LeakyReLU(0.2" in code  # the slope first, other arguments (inplace=) may follow
    migrated = write(tmp_path, "leaky_torch.py", code.replace("nn.LeakyReLU(0.2", "nn.LeakyReLU(0.05"))
    result = CliRunner().invoke(main, ["verify", str(source), str(migrated), "--trials", "2"])
    assert result.exit_code == 1, result.output
    assert "first diverging layer: leaky_re_lu" in result.output


def test_migrated_model_found_when_renamed(tmp_path):
    source = write(tmp_path, "keras_net.py", KERAS_NAMED)
    code = api.migrate(source, WriteOptions(target="torch", only_model=True))
    assert "class TinyNet(" in code
    migrated = write(tmp_path, "renamed.py", code.replace("class TinyNet(", "class PortedNet("))
    assert nnport.verify(source, migrated, trials=1).passed
