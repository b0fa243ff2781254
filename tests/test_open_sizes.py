"""Sizes a file knows only when it runs (``vocab_size = len(vocab)`` after reading a file,
``X.shape[-1]`` of a loaded array, a required constructor argument the file never gives): the
migration keeps them by name, as constructor parameters of the generated class, and says so;
``--set NAME=VALUE`` writes a number instead; verify chooses a value (or takes ``--set``) and
gives both sides the same. What would need the value (a reshape, a branch on a string
argument) is refused, naming it and the flag that gives it.

The model files (tests/models/open_sizes) are written as real ones are: data read at module
level, no stated input shape; each is migrated, run and compared as it stands."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import nnport
from nnport import api
from nnport.cli import main
from nnport.errors import NnportError, Reporter
from nnport.options import ReadOptions, WriteOptions

MODELS = Path(__file__).parent / "models" / "open_sizes"

TORCH_FILES = {  # file -> the parameters the migrated Keras class takes (the open sizes first)
    "news_classifier_vocab_json.py": "vocab_size, embed_dim, num_classes, dropout=0.2",
    "sensor_gru_npy.py": "n_channels",
    "churn_mlp_pandas.py": "n_inputs, n_classes, p_drop=0.1",
    "segmenter_required_args.py": "in_channels, n_classes, width=16",
}

OPEN = {"news_classifier_vocab_json.py": ["vocab_size"], "sensor_gru_npy.py": ["n_channels"],
        "churn_mlp_pandas.py": ["n_inputs", "n_classes"], "segmenter_required_args.py": ["in_channels", "n_classes"]}

KERAS_FILES = {  # file -> the parameters the migrated PyTorch class takes
    "churn_functional_csv.py": "n_features, n_classes",
    "windows_lstm_input_shape.py": "windows_shape_2",
    "text_cnn_vocab_file.py": "vocab_size",
    "classifier_required_args.py": "num_classes",
}


def migrate(source: Path, target: str, read: ReadOptions | None = None, **write) -> tuple[str, Reporter]:
    reporter = Reporter()
    return api.migrate(source, WriteOptions(target=target, **write), read or ReadOptions(), reporter), reporter


def warnings(reporter: Reporter) -> str:
    return "\n".join(d.message for d in reporter.diagnostics if d.severity == "warning")


@pytest.mark.parametrize("name", sorted(TORCH_FILES))
def test_a_torch_file_keeps_its_run_time_sizes_as_parameters_and_verifies(tmp_path, name):
    source = MODELS / "torch" / name
    code, reporter = migrate(source, "keras", only_model=True)
    params = TORCH_FILES[name]
    assert f"def __init__(self, {params}, **kwargs):" in code
    sizes = [p for p in params.split(", ") if f"--set {p}=VALUE" in warnings(reporter)]
    assert sizes == OPEN[name]
    out = tmp_path / "migrated.py"
    out.write_text(code)
    result = nnport.verify(source, out, trials=2)
    assert result.passed, result.summary()
    chosen = [n for n in result.notes if "verified with" in n and "on both sides" in n]
    assert len(chosen) == len(sizes), result.notes


def test_the_training_script_asks_for_the_sizes_the_source_computed_from_its_data(tmp_path):
    code, _ = migrate(MODELS / "torch" / "sensor_gru_npy.py", "keras")
    assert "model = compile_model(SensorGRU(**run_time_sizes()))" in code
    assert "n_channels = recordings.shape[-1]" in code  # the docstring says where the source computes it
    out = tmp_path / "migrated_script.py"
    out.write_text(code)
    done = subprocess.run([sys.executable, str(out)], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 1 and "NotImplementedError: return {'n_channels': ...} for your data" in done.stderr


def test_set_writes_a_number_and_verify_takes_the_same_value(tmp_path):
    source = MODELS / "torch" / "news_classifier_vocab_json.py"
    code, reporter = migrate(source, "keras", ReadOptions(values=(("vocab_size", 500),)), only_model=True)
    # the value is the model's argument (verify builds it so); the class keeps the source's parameters
    assert "layers.Embedding(vocab_size, embed_dim)" in code
    assert "def __init__(self, vocab_size, embed_dim, num_classes, dropout=0.2, **kwargs):" in code
    assert "vocab_size" not in warnings(reporter)
    out = tmp_path / "migrated.py"
    out.write_text(code)
    result = nnport.verify(source, out, trials=2, values={"vocab_size": "500"})
    assert result.passed, result.summary()
    assert not any("verified with vocab_size" in n for n in result.notes)


def test_verify_takes_set_for_a_file_migrated_with_the_size_open(tmp_path):
    source = MODELS / "torch" / "sensor_gru_npy.py"
    out = tmp_path / "migrated.py"
    out.write_text(migrate(source, "keras", only_model=True)[0])
    result = nnport.verify(source, out, trials=2, values={"n_channels": "5"})
    assert result.passed, result.summary()
    assert not any("verified with n_channels" in n for n in result.notes)


def test_a_size_a_reshape_needs_is_refused_naming_it_and_set_gives_it(tmp_path):
    source = MODELS / "torch" / "frames_reshape_open.py"
    with pytest.raises(NnportError) as refused:
        migrate(source, "keras", only_model=True)
    message = str(refused.value)
    assert "reshape" in message and "n_features" in message and "--set n_features=VALUE" in message
    assert ":18:" in message  # where the reshape is
    code, _ = migrate(source, "keras", ReadOptions(values=(("n_features", 6),)), only_model=True)
    out = tmp_path / "migrated.py"
    out.write_text(code)
    assert nnport.verify(source, out, trials=2, values={"n_features": "6"}).passed


def test_an_argument_deciding_the_structure_is_refused_with_the_model_call_to_give(tmp_path):
    source = MODELS / "torch" / "seq2seq_cell_choice.py"
    with pytest.raises(NnportError) as refused:
        migrate(source, "keras", only_model=True)
    [diagnostic] = refused.value.diagnostics
    assert diagnostic.loc.line == 9
    assert "its structure depends on its argument cell (`cell == 'lstm'`)" in diagnostic.message
    assert "--model 'Decoder(cell=..., vocab_size=..., hidden_size=...)'" in diagnostic.message
    call = "Decoder('gru', vocab_size=50, hidden_size=24)"
    code, _ = migrate(source, "keras", ReadOptions(model=call), only_model=True)
    assert "layers.GRU(hidden_size" in code and "layers.Dense(vocab_size)" in code
    out = tmp_path / "migrated.py"
    out.write_text(code)
    assert nnport.verify(source, out, model=call, trials=2).passed


def test_migration_with_open_sizes_is_deterministic():
    source = MODELS / "torch" / "churn_mlp_pandas.py"
    first, first_reporter = migrate(source, "keras")
    second, second_reporter = migrate(source, "keras")
    assert first == second
    assert [str(d) for d in first_reporter.diagnostics] == [str(d) for d in second_reporter.diagnostics]


def test_cli_migrate_and_inspect_take_set(tmp_path):
    source = str(MODELS / "torch" / "sensor_gru_npy.py")
    runner = CliRunner()
    done = runner.invoke(main, ["migrate", source, "--to", "keras", "--only-model", "--set", "n_channels=7"])
    assert done.exit_code == 0, done.output
    # the value is the model's argument; the class keeps the source's parameter (Keras infers the width)
    assert "def __init__(self, n_channels, **kwargs):" in done.stdout and "GRU(48" in done.stdout
    done = runner.invoke(main, ["inspect", source, "--set", "n_channels=7"])
    assert done.exit_code == 0, done.output
    assert re.search(r"gru.*input_size=7", done.stdout), done.stdout
    done = runner.invoke(main, ["inspect", source])
    assert done.exit_code == 0 and re.search(r"input_size=n_channels", done.stdout), done.stdout
    assert "--set n_channels=VALUE" in done.stderr
    done = runner.invoke(main, ["migrate", source, "--to", "keras", "--set", "n_channels"])
    assert done.exit_code == 2 and "expected NAME=VALUE" in done.output
    done = runner.invoke(main, ["migrate", source, "--to", "keras", "--set", "width=8"])
    assert done.exit_code == 0 and "--set width=...: the file leaves no value of that name open" in done.stderr


@pytest.mark.parametrize("name", sorted(KERAS_FILES))
def test_a_keras_file_keeps_its_run_time_sizes_as_parameters_and_verifies(tmp_path, name):
    source = MODELS / "keras" / name
    code, reporter = migrate(source, "torch", only_model=True)
    params = KERAS_FILES[name]
    assert f"def __init__(self, {params}):" in code
    for param in params.split(", "):
        assert f"--set {param}=VALUE" in warnings(reporter)
    out = tmp_path / "migrated.py"
    out.write_text(code)
    result = nnport.verify(source, out, trials=2)
    assert result.passed, result.summary()
    assert any("verified with" in n and "on both sides" in n for n in result.notes), result.notes


def test_an_input_shape_read_off_a_loaded_array_names_each_axis(tmp_path):
    source = MODELS / "keras" / "windows_lstm_input_shape.py"
    code, reporter = migrate(source, "torch", only_model=True)
    assert "nn.GRU(windows_shape_2, 24, batch_first=True)" in code
    assert "(line 10: `windows.shape[2]`)" in warnings(reporter)
    out = tmp_path / "migrated.py"
    out.write_text(code)
    result = nnport.verify(source, out, trials=2, values={"windows_shape_1": "12", "windows_shape_2": "3"})
    assert result.passed, result.summary()
    assert not any("verified with" in n for n in result.notes)


def test_the_shape_of_a_dataset_loaded_by_name_is_known_and_given_to_the_source(tmp_path):
    source = MODELS / "keras" / "fashion_dataset_shape.py"
    code, reporter = migrate(source, "torch", only_model=True)
    assert "nn.Linear(784, 128)" in code and "def __init__(self):" in code
    assert "--set" not in warnings(reporter)
    out = tmp_path / "migrated.py"
    out.write_text(code)
    result = nnport.verify(source, out, trials=2)
    assert result.passed, result.summary()
    assert any(n.startswith("input_shape = (28, 28), the shape of the fashion_mnist samples") for n in result.notes)


def test_a_migrated_class_taking_a_size_migrates_back_with_it(tmp_path):
    keras_code, _ = migrate(MODELS / "torch" / "news_classifier_vocab_json.py", "keras", only_model=True)
    keras_file = tmp_path / "news_keras.py"
    keras_file.write_text(keras_code)
    torch_code, reporter = migrate(keras_file, "torch", only_model=True)
    assert "def __init__(self, vocab_size, embed_dim, num_classes):" in torch_code
    assert "nn.Embedding(vocab_size, embed_dim)" in torch_code
    assert "NewsClassifier is never built in this file" in warnings(reporter)
    back = tmp_path / "news_torch.py"
    back.write_text(torch_code)
    assert nnport.verify(keras_file, back, trials=2).passed


def test_inspect_list_shows_every_candidate_and_how_it_would_be_built():
    runner = CliRunner()
    done = runner.invoke(main, ["inspect", str(MODELS / "torch" / "seq2seq_cell_choice.py"), "--list"])
    assert done.exit_code == 0, done.output
    assert re.search(r"^\* Decoder\(cell=\.\.\., vocab_size=\.\.\., hidden_size=\.\.\.\)\s+line 5: class needing "
                     r"arguments; needs cell, vocab_size, hidden_size", done.stdout, re.MULTILINE), done.stdout
    done = runner.invoke(main, ["inspect", str(MODELS / "torch" / "churn_mlp_pandas.py"), "--list"])
    assert re.search(r"^\* ChurnMLP\(n_inputs, n_classes\)\s+line 31: built by the file", done.stdout, re.MULTILINE)
    assert re.search(r"^  make_mlp\(n_inputs=\.\.\., hidden=\.\.\., p_drop=\.\.\.\)\s+line 12: builder", done.stdout,
                     re.MULTILINE), done.stdout
    done = runner.invoke(main, ["inspect", str(MODELS / "keras" / "classifier_required_args.py"), "--list"])
    assert re.search(r"^\* SmallConvNet\(num_classes=\.\.\.\)\s+line 6: class needing arguments", done.stdout, re.MULTILINE)
    done = runner.invoke(main, ["inspect", str(MODELS / "keras" / "churn_functional_csv.py"), "--list"])
    assert re.search(r"^\* model\s+line 18: built by the file", done.stdout, re.MULTILINE), done.stdout


def test_cli_model_call_chooses_how_a_class_the_file_never_builds_is_built(tmp_path):
    source = str(MODELS / "keras" / "classifier_required_args.py")
    out = tmp_path / "migrated.py"
    runner = CliRunner()
    done = runner.invoke(main, ["migrate", source, "--to", "torch", "--only-model", "--model",
                                "SmallConvNet(num_classes=5, width=8)", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "nn.Linear(16, 5)" in out.read_text() and "def __init__(self):" in out.read_text()
    assert "never built" not in done.stderr
    done = runner.invoke(main, ["inspect", source, "--model", "SmallConvNet(num_classes=5)"])
    assert done.exit_code == 0 and re.search(r"linear.*out_features=5", done.stdout), done.stdout
    done = runner.invoke(main, ["verify", source, str(out), "--model", "SmallConvNet(num_classes=5, width=8)",
                                "--trials", "2"])
    assert done.exit_code == 0, done.output


ENCODER_GETATTR = '''"""Sentence encoder whose recurrent class is looked up by name on torch.nn (getattr(nn, cell))."""
from torch import nn


class Encoder(nn.Module):
    def __init__(self, cell, vocab_size, dim=32, layers=1):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dim)
        self.rnn = getattr(nn, cell)(dim, dim, num_layers=layers, batch_first=True)

    def forward(self, tokens):
        out, _ = self.rnn(self.embed(tokens))
        return out[:, -1]
'''


def test_a_class_looked_up_by_name_is_refused_unbuilt_and_read_with_the_call(tmp_path):
    source = tmp_path / "encoder_getattr_cell.py"
    source.write_text(ENCODER_GETATTR)
    with pytest.raises(NnportError) as refused:
        migrate(source, "keras", only_model=True)
    assert "its argument cell (`getattr(nn, cell)`)" in str(refused.value)
    assert "--model 'Encoder(cell=..., vocab_size=...)'" in str(refused.value)
    call = "Encoder('LSTM', vocab_size=40)"
    code, _ = migrate(source, "keras", ReadOptions(model=call), only_model=True)
    assert "layers.LSTM(32" in code and "layers.Embedding(vocab_size, 32)" in code
    out = tmp_path / "migrated.py"
    out.write_text(code)
    assert nnport.verify(source, out, model=call, trials=2).passed


def test_model_names_the_variable_the_file_builds_the_model_in(tmp_path):
    source = MODELS / "torch" / "news_classifier_vocab_json.py"
    default, _ = migrate(source, "keras", only_model=True)
    named, _ = migrate(source, "keras", ReadOptions(model="model"), only_model=True)
    assert named == default
    out = tmp_path / "migrated.py"
    out.write_text(named)
    assert nnport.verify(source, out, model="model", trials=2).passed


def test_a_vocabulary_built_from_sentences_in_the_file_is_read_statically(tmp_path):
    source = tmp_path / "bow.py"
    source.write_text('''
import torch.nn as nn

sentences = ["the cat sat", "a dog ran", "the dog sat down"]
words = sorted({w for s in sentences for w in s.lower().split()})
word_to_ix = {w: i for i, w in enumerate(words)}


class Bag(nn.Module):
    def __init__(self, vocab_size, dim=8):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, dim)
        self.out = nn.Linear(dim, 2)

    def forward(self, x):
        return self.out(self.emb(x).mean(dim=1))


model = Bag(len(word_to_ix) + 1)
''')
    code, reporter = migrate(source, "keras", only_model=True)
    assert "layers.Embedding(vocab_size, dim)" in code and "--set" not in warnings(reporter)
    out = tmp_path / "migrated.py"
    out.write_text(code)
    assert nnport.verify(source, out, trials=2).passed


def test_a_required_argument_a_reshape_needs_is_refused_with_the_model_call(tmp_path):
    source = tmp_path / "frames.py"
    source.write_text('''
from torch import nn


class FrameNet(nn.Module):
    def __init__(self, n_frames, n_features=12):
        super().__init__()
        self.n_frames, self.n_features = n_frames, n_features
        self.fc = nn.Linear(n_features, 4)

    def forward(self, flat):
        return self.fc(flat.view(-1, self.n_frames, self.n_features)).mean(dim=1)
''')
    with pytest.raises(NnportError) as refused:
        migrate(source, "keras", only_model=True)
    message = str(refused.value)
    assert "needs the value of n_frames" in message and "--set n_frames=VALUE" in message
    assert "--model 'FrameNet(n_frames=...)'" in message
    code, _ = migrate(source, "keras", ReadOptions(model="FrameNet(n_frames=5)"), only_model=True)
    out = tmp_path / "migrated.py"
    out.write_text(code)
    assert nnport.verify(source, out, model="FrameNet(n_frames=5)", trials=2).passed


def test_the_pivot_model_json_keeps_open_sizes_by_name(tmp_path):
    from nnport.ir.serialize import dumps, loads

    model = api.load(MODELS / "torch" / "sensor_gru_npy.py")
    text = dumps(model)
    assert '"size": "n_channels"' in text
    again = loads(text)
    assert dumps(again) == text
    pivot = tmp_path / "sensor.json"
    pivot.write_text(text)
    code, _ = migrate(pivot, "keras", only_model=True)
    assert "def __init__(self, n_channels, **kwargs):" in code
    with pytest.raises(NnportError, match="'import os' is not a size expression"):
        loads(text.replace('"size": "n_channels"', '"size": "import os"', 1))


def test_weights_take_the_open_size_they_were_trained_with(tmp_path):
    import shutil

    import numpy as np
    import torch

    source = tmp_path / "sensor_gru_npy.py"
    shutil.copy(MODELS / "torch" / "sensor_gru_npy.py", source)
    np.save(tmp_path / "recordings.npy", np.random.default_rng(0).random((6, 7, 5), dtype=np.float32))
    np.save(tmp_path / "targets.npy", np.zeros(6, dtype=np.float32))
    script = "import sensor_gru_npy as m, torch; torch.save(m.net.state_dict(), 'trained.pt')"
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    trained = torch.load(tmp_path / "trained.pt")
    runner = CliRunner()
    out = tmp_path / "migrated.weights.h5"
    done = runner.invoke(main, ["weights", str(source), str(tmp_path / "trained.pt"), "--to", "keras", "-o", str(out)])
    assert done.exit_code == 2 and "--set n_channels=VALUE" in done.output
    done = runner.invoke(main, ["weights", str(source), str(tmp_path / "trained.pt"), "--to", "keras", "-o", str(out),
                                "--set", "n_channels=5"])
    assert done.exit_code == 0, done.output
    assert f"{sum(t.numel() for t in trained.values())} values" in done.stdout


def test_verify_gives_a_required_argument_set_on_the_command_line_to_both_sides(tmp_path):
    source = MODELS / "keras" / "classifier_required_args.py"
    out = tmp_path / "migrated.py"
    out.write_text(migrate(source, "torch", only_model=True)[0])
    done = CliRunner().invoke(main, ["verify", str(source), str(out), "--set", "num_classes=7", "--trials", "2"])
    assert done.exit_code == 0, done.output
    assert "verified with num_classes" not in done.stderr


TOKENIZER_VOCAB = '''"""Sentence classifier sized by a pretrained tokenizer's vocabulary and a label file."""
import keras
from keras import layers
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
classes = open("classes.txt").read().split()

inputs = keras.Input(shape=(64,), dtype="int32")
x = layers.Embedding(tokenizer.vocab_size, 32)(inputs)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(len(classes), activation="softmax")(x)
model = keras.Model(inputs, outputs)
'''


def test_inline_sizes_are_named_after_what_they_read(tmp_path):
    source = tmp_path / "tokenizer_vocab.py"
    source.write_text(TOKENIZER_VOCAB)
    code, reporter = migrate(source, "torch", only_model=True)
    assert "def __init__(self, vocab_size, n_classes):" in code
    assert "nn.Embedding(vocab_size, 32)" in code and "nn.Linear(32, n_classes)" in code
    assert "(line 10: `tokenizer.vocab_size`)" in warnings(reporter)
    out = tmp_path / "migrated.py"
    out.write_text(code)
    result = nnport.verify(source, out, trials=2)  # transformers is never imported: the tokenizer is not needed
    assert result.passed, result.summary()
