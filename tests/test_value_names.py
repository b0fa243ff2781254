"""Values in a generated forward / call are named as the source's author named them: a variable
the source reassigns (``x = self.conv(x)``) is reassigned in the target too, unless a later use
still needs its old value; what the source never named runs as ``x`` in a chain of layers and
takes its layer's name where it meets other values (``branch1``). Generated code is run and
compared with the source."""
import re

from backend_ir import migrate_and_verify

from nnport.api import load
from nnport.ir.serialize import dumps, loads

TORCH_REASSIGNS = """import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        identity = x
        x = self.conv2(x)
        x = F.relu(x + identity)
        x = x.mean((2, 3))
        return self.fc(x)


model = Net()
out = model(torch.randn(2, 3, 8, 8))
"""


def assigned(code: str, method: str) -> list[str]:
    """The names the body of ``def <method>`` assigns, in order."""
    body = code.split(f"def {method}(", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\s+([A-Za-z_][\w, ()]*?) = ", body, re.MULTILINE)


def test_a_reassigned_variable_is_reassigned_in_keras_and_matches(tmp_path):
    code, result = migrate_and_verify(TORCH_REASSIGNS, tmp_path, "keras", style="subclassing")
    names = assigned(code, "call")
    assert "x_1" not in code and set(names) <= {"x", "x_nhwc", "identity"}, names
    assert "identity = x" in code or "identity" not in names  # the skip keeps its own value
    assert result.passed, result


def test_a_value_a_later_use_needs_keeps_its_own_name(tmp_path):
    source = TORCH_REASSIGNS.replace("        identity = x\n        x = self.conv2(x)\n        x = F.relu(x + identity)\n",
                                     "        y = self.conv2(x)\n        x = F.relu(y + x)\n")
    code, result = migrate_and_verify(source, tmp_path, "keras", style="subclassing")
    assert "y = self.conv2(x)" in code and "x = y + x" in code  # x is read after conv2: y is y
    assert result.passed, result


KERAS_NAMED = """import keras
from keras import layers

inputs = keras.Input(shape=(16,))
wide = layers.Dense(8, activation="relu", name="wide")(inputs)
deep = layers.Dense(32, activation="relu")(inputs)
deep = layers.Dense(8, activation="tanh")(deep)
merged = layers.Concatenate()([wide, deep])
outputs = layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model(inputs=inputs, outputs=outputs)
"""


def test_keras_functional_names_are_kept_in_torch_and_match(tmp_path):
    code, result = migrate_and_verify(KERAS_NAMED, tmp_path, "torch", style="subclassing")
    names = assigned(code, "forward")
    assert names == ["wide", "wide", "deep", "deep", "deep", "deep", "merged", "outputs", "outputs"], names
    assert "torch.cat([wide, deep], dim=1)" in code
    assert result.passed, result


def test_a_sequential_runs_as_x_through_its_layers(tmp_path):
    source = """import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(16, activation="relu"),
    layers.Dropout(0.1),
    layers.Dense(3, activation="softmax"),
])
"""
    code, result = migrate_and_verify(source, tmp_path, "torch", style="subclassing")
    assert set(assigned(code, "forward")) == {"x"}, code
    assert "return x" in code
    assert result.passed, result


def test_branches_meeting_in_a_concatenation_take_their_layers_names(tmp_path):
    source = """import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.left = nn.Linear(6, 4)
        self.right = nn.Linear(6, 4)
        self.head = nn.Linear(8, 2)

    def forward(self, x):
        return self.head(torch.cat([self.left(x), self.right(x)], dim=1))


model = Net()
out = model(torch.randn(2, 6))
"""
    code, result = migrate_and_verify(source, tmp_path, "keras", style="functional")
    assert "left = layers.Dense(4" in code and "right = layers.Dense(4" in code
    assert "ops.concatenate([left, right], axis=-1)" in code
    assert "inputs = keras.Input(" in code  # the functional model keeps its input: x runs on
    assert result.passed, result


def test_the_source_variables_travel_in_json(tmp_path):
    path = tmp_path / "net.py"
    path.write_text(KERAS_NAMED)
    model = load(str(path))
    graph = model.networks[model.main].graph
    assert {names[0] for names in graph.variables.values()} >= {"wide", "deep", "merged", "outputs"}
    again = loads(dumps(model))
    assert again.networks[model.main].graph.variables == graph.variables
