"""verify and weights run scripts as tutorials write them: only the statements that build the
network run (data loading, downloads, training, plotting and printing at module level do not),
notebooks are verified through their code cells, the report lists what was skipped, and a value
the network needs but only skipped code computes is named with how to give it."""
import ast
import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import nnport
from nnport import api
from nnport.cli import main
from nnport.errors import NnportError
from nnport.options import WriteOptions
from nnport.weights import runtime, slicing
from nnport.weights.placeholders import PlaceholderWarning

pytest.importorskip("torch")
pytest.importorskip("keras")

KERAS_TUTORIAL = '''"""Simple MNIST convnet."""
import numpy as np
import keras
from keras import layers
import matplotlib.pyplot as plt

num_classes = 10
input_shape = (28, 28, 1)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
x_train = np.expand_dims(x_train, -1)
x_test = np.expand_dims(x_test, -1)
print("x_train shape:", x_train.shape)
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

model = keras.Sequential(
    [
        keras.Input(shape=input_shape),
        layers.Conv2D(8, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
    ]
)
model.add(layers.Dense(num_classes, activation="softmax"))
model.summary()

batch_size = 128
epochs = 15
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1)

score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0])

plt.plot(history.history["accuracy"])
plt.plot(history.history["val_accuracy"])
plt.show()
'''

TORCH_TUTORIAL = '''import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torchvision import datasets, transforms
from torch.utils.data import DataLoader

batch_size = 64
epochs = 2

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_loader = DataLoader(datasets.MNIST("../data", train=True, download=True, transform=transform),
                          batch_size=batch_size, shuffle=True)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.fc1 = nn.Linear(1352, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        return F.log_softmax(self.fc2(x), dim=1)


device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = Net().to(device)
optimizer = optim.Adadelta(model.parameters(), lr=1.0)

for epoch in range(1, epochs + 1):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()
        if batch_idx % 10 == 0:
            print(f"epoch {epoch} batch {batch_idx} loss {loss.item():.4f}")

torch.save(model.state_dict(), "mnist_cnn.pt")
'''

NOTEBOOK_CELLS = [
    ("markdown", "# MNIST in a notebook"),
    ("code", ("!pip install -q keras matplotlib\n%matplotlib inline\nimport numpy as np\nimport keras\n"
              "from keras import layers\nimport matplotlib.pyplot as plt")),
    ("code", ("(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
              "x_train = np.expand_dims(x_train.astype('float32') / 255, -1)\nx_train.shape")),
    ("code", ("num_classes = 10\nmodel = keras.Sequential([\n    keras.Input(shape=(28, 28, 1)),\n"
              "    layers.Conv2D(8, 3, activation='relu'),\n    layers.MaxPooling2D(2),\n    layers.Flatten(),\n"
              "    layers.Dense(num_classes, activation='softmax'),\n])\nmodel.summary()")),
    ("code", ("model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
              "history = model.fit(x_train, y_train, epochs=2, validation_split=0.1)")),
    ("code", "plt.plot(history.history['loss'])\nplt.show()"),
]

NEEDS_DATA = '''import keras
from keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train[:, ::2, ::2].reshape(-1, 196).astype("float32") / 255
input_shape = x_train.shape[1:]

inputs = keras.Input(shape=input_shape)
x = layers.Dense(16, activation="relu")(inputs)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train, epochs=1)
'''


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def notebook(folder: Path, name: str, cells) -> Path:
    data = {"cells": [{"cell_type": kind, "metadata": {}, "source": text.splitlines(True),
                       **({"outputs": [], "execution_count": None} if kind == "code" else {})}
                      for kind, text in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return write(folder, name, json.dumps(data))


def migrate(source: Path, target: str, folder: Path, **read) -> Path:
    from nnport.options import ReadOptions

    code = api.migrate(source, WriteOptions(target=target), ReadOptions(**read))
    return write(folder, f"{source.stem}_{target}.py", code)


@pytest.fixture
def no_data(monkeypatch):
    """Loading a dataset fails the test (it would download)."""
    import keras

    def loads(*args, **kwargs):
        raise AssertionError("the data was loaded")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", loads)


def kinds(result, side="source") -> list[str]:
    return [item["kind"] for item in result.skipped[side]]


def test_keras_tutorial_script_verifies_as_it_stands(tmp_path, no_data):
    source = write(tmp_path, "mnist_convnet.py", KERAS_TUTORIAL)
    result = nnport.verify(source, migrate(source, "torch", tmp_path), trials=2, batch=2)
    assert result.passed and result.max <= 1e-5, result.summary()
    assert {"data loading", "data preparation", "training", "plotting", "output", "imports"} <= set(kinds(result))
    by_kind = {item["kind"]: item for item in result.skipped["source"]}
    assert by_kind["data loading"]["lines"] == [10, 10] and by_kind["plotting"]["lines"] == [39, 41]
    note = next(n for n in result.notes if n.startswith("skipped"))
    assert "data loading (line 10)" in note and "training (lines 34-36)" in note and "plotting (lines 39-41)" in note
    assert "migrated" in result.skipped and not any(n.startswith("migrated file") for n in result.notes)


def test_torch_tutorial_script_verifies_as_it_stands(tmp_path):
    source = write(tmp_path, "mnist_torch.py", TORCH_TUTORIAL)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PlaceholderWarning)  # torchvision is not imported at all
        result = nnport.verify(source, migrate(source, "keras", tmp_path), trials=2, batch=2)
    assert result.passed and result.max <= 1e-5, result.summary()
    skipped = {item["kind"]: item["lines"] for item in result.skipped["source"]}
    assert skipped["imports"] == [5, 5] and skipped["data loading"] == [11, 13]
    assert skipped["training"] == [37, 46] and skipped["saving"] == [48, 48]


def test_notebook_verifies_through_its_code_cells(tmp_path, no_data):
    source = notebook(tmp_path, "mnist.ipynb", NOTEBOOK_CELLS)
    result = nnport.verify(source, migrate(source, "torch", tmp_path), trials=2, batch=2)
    assert result.passed and result.max <= 1e-5, result.summary()
    note = next(n for n in result.notes if n.startswith("skipped"))
    assert "IPython lines (cell 2)" in note and "data loading (cell 3)" in note and "plotting (cell 6)" in note
    assert all("cells" in item for item in result.skipped["source"])


def test_an_input_shape_computed_from_the_data_is_given_by_verify(tmp_path, no_data):
    source = write(tmp_path, "needs_data.py", NEEDS_DATA)
    migrated = migrate(source, "torch", tmp_path, input_shape=(None, 196))
    result = nnport.verify(source, migrated, trials=2, batch=2, input_shape=(None, 196))
    assert result.passed, result.summary()
    assert any(n.startswith("input_shape: the source computes it from its data (line 6); given as (196,)")
               for n in result.notes), result.notes
    result = nnport.verify(source, migrated, trials=2, batch=2, input_shape=(None, 196),
                           values={"input_shape": "(196,)"})
    assert result.passed, result.summary()
    assert "replaced by --set" in kinds(result)


def test_cli_set_and_report(tmp_path, no_data):
    source = write(tmp_path, "needs_data.py", NEEDS_DATA)
    migrated = migrate(source, "torch", tmp_path, input_shape=(None, 784))
    report = tmp_path / "report.json"
    ok = CliRunner().invoke(main, ["verify", str(source), str(migrated), "--trials", "1", "--input-shape", "None,784",
                                   "--set", "input_shape=(784,)", "--report", str(report)])
    assert ok.exit_code == 0, ok.output
    assert "note: skipped 5 statements the network does not need: data loading (line 4)" in ok.stderr
    assert json.loads(report.read_text())["skipped"]["source"][0] == {"kind": "data loading", "lines": [4, 4],
                                                                     "statements": 1}
    bad = CliRunner().invoke(main, ["verify", str(source), str(migrated), "--set", "input_shape=x_train.shape"])
    assert bad.exit_code == 2 and "must be a Python literal" in bad.output


def test_weights_runs_the_script_as_it_stands(tmp_path):
    import torch

    from nnport.options import ReadOptions
    from nnport.weights.runtime import load_pivot

    source = write(tmp_path, "mnist_torch.py", TORCH_TUTORIAL)
    trained = runtime.source_model(source, load_pivot(source, ReadOptions()))
    torch.save(trained.state_dict(), tmp_path / "trained.pt")
    out = tmp_path / "trained.weights.h5"
    result = CliRunner().invoke(main, ["weights", str(source), str(tmp_path / "trained.pt"), "--to", "keras",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "note: skipped 8 statements the network does not need: imports (line 5)" in result.stderr


# --- the slice itself (static, no framework runs) ---------------------------------------

def sliced(text: str, *needs: str, **options) -> tuple[str, slicing.Slice]:
    found = slicing.slice_module(ast.parse(text), list(needs), lines=text.splitlines(), **options)
    return ast.unparse(found.tree), found


CHANNELS_BRANCH = '''import keras
from keras import layers
from keras import backend as K

img_rows, img_cols = 28, 28
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
if K.image_data_format() == "channels_first":
    x_train = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols)
    input_shape = (1, img_rows, img_cols)
else:
    x_train = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1)
    input_shape = (img_rows, img_cols, 1)
print(x_train.shape[0], "train samples")

model = keras.Sequential()
model.add(layers.Conv2D(8, kernel_size=(3, 3), activation="relu", input_shape=input_shape))
for units in (16, 10):
    model.add(layers.Dense(units))
    print("added", units)
model.fit(x_train, y_train)
'''


def test_blocks_are_sliced_inside():
    code, found = sliced(CHANNELS_BRANCH, "model")
    assert "input_shape = (1, img_rows, img_cols)" in code and "input_shape = (img_rows, img_cols, 1)" in code
    assert "reshape" not in code and "print" not in code and "load_data" not in code and "fit" not in code
    assert "for units in (16, 10):\n    model.add(layers.Dense(units))" in code
    assert found.summary() == ("skipped 6 statements the network does not need: data loading (line 6), "
                               "data preparation (lines 8, 11), output (lines 13, 19), training (line 20)")


BUILDER = '''import argparse
import torch
from torch import nn

vocab_size = 10000
cfg = {"dim": 16, "classes": 3}
parser = argparse.ArgumentParser()
parser.add_argument("--hidden", type=int, default=7)
args = parser.parse_args()
texts = open("corpus.txt").read().split()
vocab = sorted(set(texts))


def make(hidden=None):
    return nn.Sequential(nn.Embedding(vocab_size, cfg["dim"]), nn.Linear(cfg["dim"], hidden or args.hidden))


def tokenize(text):
    return [vocab.index(w) for w in text.split()]


if __name__ == "__main__":
    model = make()
'''


def test_a_builders_globals_are_followed_and_argparse_gets_its_defaults(tmp_path):
    code, found = sliced(BUILDER, "make()")
    assert "args = parser.parse_args()" in code and "vocab_size = 10000" in code and "open(" not in code
    assert "def tokenize" in code  # definitions stay; what only they read does not run
    assert [(s.kind, s.first) for s in found.skipped] == [("data loading", 10), ("data preparation", 11),
                                                          ("main block", 22)]
    module = runtime.import_file(write(tmp_path, "builder.py", BUILDER), "torch", ["make()"])
    assert runtime.instantiate(module, None, "make()")[1].out_features == 7


def test_a_name_only_the_main_block_sets_is_explained(tmp_path):
    text = BUILDER.replace("def make(hidden=None):", "def make(hidden=None):\n    print(width)") + "    width = 3\n"
    module = runtime.import_file(write(tmp_path, "builder.py", text), "torch", ["make()"])
    with pytest.raises(NnportError, match=r"builder.py:23:0: error: the model needs 'width' \(line 23: `if __name__ =="
                                          r" '__main__':`\), which the file sets only in the __main__ block"):
        runtime.instantiate(module, None, "make()")


def test_keras_automatic_names_count_the_skipped_layers():
    text = ("import keras\nfrom keras import layers\nx = load()\nprobe = layers.Dense(3)\nnorm = layers.Normalization()\n"
            "norm.adapt(x)\nmodel = keras.Sequential([keras.Input((6,)), layers.Dense(4)])\n")
    code, _ = sliced(text, "model", keras_names=True)
    assert "__nnport_auto_names__(('dense',))\n__nnport_auto_names__(('normalization',))" in code


def test_cells_in_the_summary():
    text = "# cell 2\nimport keras\n\n# cell 3\nx = keras.datasets.mnist.load_data()\nprint(x)\n\n# cell 5\nm = 1\n"
    _, found = sliced(text, "m", cells=[(1, 2), (4, 3), (8, 5)])
    assert found.summary() == "skipped 2 statements the network does not need: data loading (cell 3), output (cell 3)"
