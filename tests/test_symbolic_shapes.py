"""Symbolic shapes: what a source leaves unstated is read from the layers that consume a value.

Table-driven: each source states no input shape; the test checks the type nnport assumes for the
input (rank, roles, the sizes the layers state), where it says it came from, and - for the
cases that once gave wrong code - that the migration runs and computes what the source computes.
"""
import re
from pathlib import Path

import pytest

import nnport
from nnport import api
from nnport.errors import NnportError, Reporter
from nnport.options import ReadOptions, WriteOptions
from nnport.passes.shapes import infer_shapes

TORCH_HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n\n"
KERAS_HEAD = "import keras\nfrom keras import layers\n\n"

ASSUMED = {
    "gru_batch_first": (TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(input_size=128, hidden_size=32, batch_first=True)
        self.fc = nn.Linear(32, 4)

    def forward(self, x):
        out, h = self.gru(x)
        return self.fc(h[-1])
''', "float32[N=?, T=?, C=128]", "read by gru"),
    "lstm_time_major": (TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(12, 16)
        self.fc = nn.Linear(16, 1)

    def forward(self, x):
        out, (h, c) = self.lstm(x)
        return self.fc(out[-1])
''', "float32[T=?, N=?, C=12]", "read by lstm"),
    "mlp": (TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self, n_in=30):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_in, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 2))

    def forward(self, x):
        return self.body(x)
''', "float32[N=?, C=30]", "read by linear"),
    "conv1d_over_embedding": (TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(1000, 32)
        self.conv = nn.Conv1d(32, 16, 3)
        self.fc = nn.Linear(16, 2)

    def forward(self, x):
        x = self.emb(x).permute(0, 2, 1)
        return self.fc(torch.amax(F.relu(self.conv(x)), dim=-1))
''', "int64[N=?, T=?]", "token ids"),
    "conv2d_channels_stated": (TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.head = nn.Linear(8, 10)

    def forward(self, x):
        return self.head(F.adaptive_avg_pool2d(self.conv(x), 1).flatten(1))
''', "float32[N=?, C=3, H=?, W=?]", "read by conv2d"),
    "keras_tagger_subclass": (KERAS_HEAD + '''
class Tagger(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Embedding(5000, 64)
        self.rnn = layers.Bidirectional(layers.LSTM(32))
        self.out = layers.Dense(12)

    def call(self, x):
        return self.out(self.rnn(self.embed(x)))
''', "int64[N=?, T=?]", "token ids"),
    "keras_sequential_no_input": (KERAS_HEAD + '''
model = keras.Sequential([
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(10),
])
''', "float32[N=?, H=?, W=?, C=?]", "read by conv2d"),
    "keras_mnist_loaded": (KERAS_HEAD + '''
(x_train, y_train), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([layers.Conv2D(8, 3, activation="relu"), layers.Flatten(), layers.Dense(10)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x_train[..., None], y_train)
''', "float32[N=?, H=28, W=28, C=1]", "sizes from the mnist samples"),
}


def load(tmp_path: Path, text: str, name: str = "model.py"):
    path = tmp_path / name
    path.write_text(text)
    model, reporter = api.load(path, ReadOptions()), Reporter()
    infer_shapes(model, reporter)
    return path, model, reporter


@pytest.mark.parametrize("case", sorted(ASSUMED))
def test_an_unshaped_input_gets_the_type_its_reader_accepts(case, tmp_path):
    text, expected, origin = ASSUMED[case]
    _, model, reporter = load(tmp_path, text)
    assert not reporter.errors, reporter.errors
    value = model.network.graph.inputs[0].outputs[0]
    assert str(model.network.graph.types[value]) == expected
    assert origin in model.input_origins[value]


def test_a_keras_pooling_stride_defaults_to_its_pool_size_without_a_shape(tmp_path):
    _, model, reporter = load(tmp_path, ASSUMED["keras_sequential_no_input"][0])
    pool = next(m for m in model.network.modules.values() if m.kind == "max_pool2d")
    assert pool.attrs["stride"] == (2, 2) and not reporter.errors


def test_a_conv1d_after_a_conv2d_is_refused(tmp_path):
    text = TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(1, 8, 3)
        self.b = nn.Conv1d(8, 8, 3)

    def forward(self, x):
        return self.b(self.a(x))
'''
    path = tmp_path / "model.py"
    path.write_text(text)
    with pytest.raises(NnportError, match=r"conv1d 'b' reads 1 spatial axes; its input .* has 2"):
        api.migrate(path, WriteOptions(target="keras"), ReadOptions(input_shape=(None, 1, 28, 28)))


def test_a_stated_size_that_disagrees_with_the_input_is_refused(tmp_path):
    text = TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3)
        self.fc = nn.Linear(8 * 26 * 26, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.conv(x), 1))
'''
    path = tmp_path / "model.py"
    path.write_text(text)
    with pytest.raises(NnportError) as refused:
        api.migrate(path, WriteOptions(target="keras"), ReadOptions(input_shape=(None, 1, 32, 32)))
    assert "linear 'fc' states in_features=5408 but its input" in str(refused.value.diagnostics[0])
    assert api.migrate(path, WriteOptions(target="keras"))  # unstated: 28 x 28 fits


# --- each of these was written wrong, or crashed, before shapes were symbolic ------------------

RUNS = {
    "squeeze_after_adaptive_pool": TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(500, 24)
        self.conv = nn.Conv1d(24, 24, 3, padding=1)
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.fc = nn.Linear(24, 3)

    def forward(self, x):
        x = self.conv(self.emb(x).transpose(1, 2))
        return self.fc(self.pool(x).squeeze(-1))
''',
    "gru_sequence_and_state": TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(10, 16, batch_first=True)
        self.norm = nn.LayerNorm(16)
        self.fc = nn.Linear(16, 2)

    def forward(self, x):
        out, h = self.gru(x)
        last = h[-1]
        return self.fc(self.norm(last + out.mean(dim=1) + out.max(dim=1)[0]))
''',
    "view_into_deconvolution": TORCH_HEAD + '''
class Decoder(nn.Module):
    def __init__(self, latent=16):
        super().__init__()
        self.fc = nn.Linear(latent, 32 * 7 * 7)
        self.up = nn.ConvTranspose2d(32, 1, 4, stride=2, padding=1)

    def forward(self, z):
        return torch.sigmoid(self.up(self.fc(z).view(-1, 32, 7, 7)))
''',
    "empty_sequential_shortcut": TORCH_HEAD + '''
class Block(nn.Module):
    def __init__(self, c=8):
        super().__init__()
        self.conv = nn.Conv2d(c, c, 3, padding=1)
        self.shortcut = nn.Sequential()

    def forward(self, x):
        return F.relu(self.conv(x) + self.shortcut(x))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 1)
        self.block = Block()
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc(self.block(self.stem(x)).mean((2, 3)))
''',
    "max_pool_over_the_whole_length": TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(300, 16)
        self.conv = nn.Conv1d(16, 8, 3)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        x = F.relu(self.conv(self.emb(x).permute(0, 2, 1)))
        return self.fc(F.max_pool1d(x, x.size(2)).squeeze(2))
''',
    "keras_embedding_average": KERAS_HEAD + '''
model = keras.Sequential([layers.Embedding(1000, 16), layers.GlobalAveragePooling1D(), layers.Dense(1)])
''',
    "keras_flatten_after_convolutions": KERAS_HEAD + '''
model = keras.Sequential([layers.Conv2D(4, 3), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(3)])
''',
}


@pytest.mark.parametrize("layout", ["source", "native"])
@pytest.mark.parametrize("case", sorted(RUNS))
def test_migrates_and_verifies_with_no_shape(case, layout, tmp_path):
    source = tmp_path / f"{case}.py"
    source.write_text(RUNS[case])
    target = "torch" if RUNS[case].startswith("import keras") else "keras"
    migrated = tmp_path / f"{case}_{target}.py"
    migrated.write_text(api.migrate(source, WriteOptions(target=target, layout=layout, only_model=True)))
    result = nnport.verify(source, migrated, layout=layout, trials=2, batch=2)
    assert result.passed and not result.first_diverging, result.summary()
    compared = {p for p, d in result.per_layer.items() if d <= result.atol}
    assert compared == set(result.per_layer), result.per_layer  # no false alarm per layer


def test_the_squeeze_after_a_global_pool_names_the_pooled_axis_in_keras(tmp_path):
    source = tmp_path / "m.py"
    source.write_text(RUNS["squeeze_after_adaptive_pool"])
    code = api.migrate(source, WriteOptions(target="keras"))
    assert "GlobalMaxPooling1D(keepdims=True)" in code and re.search(r"ops\.squeeze\(\w+, axis=1\)", code)
    assert "AdaptiveMaxPooling1D" not in code and "ZeroPadding1D" not in code


def test_per_layer_comparison_of_square_tensors_uses_the_target_order(tmp_path):
    """(N, 16, 16) fits both orders by shape: the plan's roles decide, so no false alarm."""
    source = tmp_path / "m.py"
    source.write_text(TORCH_HEAD + '''
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(16, 16, 3, padding=1)
        self.norm = nn.BatchNorm1d(16)

    def forward(self, x):
        return self.norm(self.conv(x)).mean(dim=2)
''')
    migrated = tmp_path / "k.py"
    migrated.write_text(api.migrate(source, WriteOptions(target="keras", only_model=True),
                                    ReadOptions(input_shape=(None, 16, 16))))
    result = nnport.verify(source, migrated, input_shape=(None, 16, 16), trials=2)
    assert result.passed and set(result.per_layer) >= {"conv", "norm"}
    assert max(result.per_layer.values()) < 1e-5, result.per_layer


def test_an_axis_role_never_reaches_generated_code():
    from nnport.backends.spell import framework_values
    from nnport.catalog import registry

    kind = registry.kind("batch_norm1d")
    spelling = kind.spelling("keras")
    with pytest.raises(NnportError, match="axis='C', which is not a valid axis"):
        framework_values(kind, spelling, {"num_features": 8, "axis": "C"}, lambda role, negative_ok=True: role)
