"""Recurrent layers and nested sequential networks across torch -> Keras -> torch and back.

Each migrated file is run against the file it came from with shared weights (``nnport.verify``
executes both), so the forms nnport writes must also pair their weights."""
from pathlib import Path

import pytest

import nnport
from nnport.api import migrate
from nnport.backends.naming import class_name
from nnport.options import ReadOptions, WriteOptions

MODELS = Path(__file__).parent / "models"

KERAS_STACK = '''
import keras
from keras import layers


class Tagger(keras.Model):
    def __init__(self):
        super().__init__()
        self.embedding = layers.Embedding(300, 16)
        self.encoder = keras.Sequential([layers.LSTM(12, return_sequences=True), layers.LSTM(12)])
        self.head = layers.Dense(3)

    def call(self, tokens):
        return self.head(self.encoder(self.embedding(tokens)))


model = Tagger()
model.build((None, 9))
'''

TORCH_BIDIRECTIONAL = '''
import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.GRU(5, 7, batch_first=True, bidirectional=True)
        self.head = nn.Linear(14, 2)

    def forward(self, x):
        _, h_n = self.rnn(x)
        h = torch.cat([h_n[-2], h_n[-1]], dim=1)
        return self.head(h)


model = Encoder()
model(torch.randn(2, 6, 5))
'''


def hop(source: Path, target: str, out: Path, shape=None) -> str:
    code = migrate(source, WriteOptions(target=target, layout="native", only_model=True), ReadOptions(input_shape=shape))
    out.write_text(code)
    return code


def check(source: Path, migrated: Path, shape=None):
    result = nnport.verify(source, migrated, input_shape=shape, layout="native", trials=2, per_layer=False)
    assert result.passed, result.summary()


def test_keras_nested_stack_becomes_one_torch_lstm_in_the_forward(tmp_path):
    source = tmp_path / "tagger.py"
    source.write_text(KERAS_STACK)
    code = hop(source, "torch", tmp_path / "tagger_torch.py")
    assert "class Sequential" not in code and "nn.Module):" in code and code.count("class ") == 1
    assert "self.encoder = nn.LSTM(16, 12, 2, batch_first=True)" in code
    check(source, tmp_path / "tagger_torch.py")


THERE_AND_BACK = [
    # a 2-layer LSTM is two Keras LSTMs in a keras.Sequential, then one nn.LSTM again, in the forward
    ("torch/lstm_sentiment.py", (None, 40), ["nn.LSTM(64, 32, 2, "], ["class Sequential"]),
    # Keras returns each state by itself: no stack of them to index again; the source's names come back
    ("keras/encoder_state_subclass.py", (None, 25), ["_, hidden, cell = self.encoder(x)"], ["ops.stack"]),
    # an input read first by a batch-first recurrent layer stays (N, T, C)
    ("torch/gru_classifier.py", (None, 15, 12), ["nn.GRU(12, 20, 2, batch_first=True)"], ["permute"]),
]


@pytest.mark.parametrize("model, shape, present, absent", THERE_AND_BACK, ids=[m for m, *_ in THERE_AND_BACK])
def test_there_and_back_reads_naturally_and_computes_the_same(model, shape, present, absent, tmp_path):
    source = MODELS / model
    middle, back = tmp_path / f"{source.stem}_middle.py", tmp_path / f"{source.stem}_back.py"
    hop(source, "keras" if model.startswith("torch") else "torch", middle)
    code = hop(middle, "torch" if model.startswith("torch") else "keras", back, shape)
    assert all(text in code for text in present) and not any(text in code for text in absent), code
    check(middle, back, shape)


def test_torch_bidirectional_top_states_side_by_side_are_the_last_output(tmp_path):
    source = tmp_path / "encoder.py"
    source.write_text(TORCH_BIDIRECTIONAL)
    code = hop(source, "keras", tmp_path / "encoder_keras.py")
    assert "return_state" not in code and "layers.Bidirectional(" in code
    check(source, tmp_path / "encoder_keras.py")


@pytest.mark.parametrize("name, nested, expected", [("sequential", True, "SequentialBlock"),
                                                    ("sequential_1", True, "Sequential1"),
                                                    ("features", True, "Features"), ("model", False, "Model")])
def test_nested_classes_never_take_a_framework_class_name(name, nested, expected):
    assert class_name(name, nested) == expected
