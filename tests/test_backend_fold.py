"""Folds for the target: stacked recurrent layers as one module, a zero pad in the conv's padding.
Each generated file is run with the source's weights and compared (max abs difference)."""
import re

import pytest

from backend_ir import migrate_and_verify

KERAS_STACK = """
import keras
from keras import layers

inputs = keras.Input(shape=(7, 5))
x = {first}
x = {middle}
x = {top}
outputs = layers.Dense(3)(x)
model = keras.Model(inputs, outputs)
"""


def _layer(kind, bidirectional, **args):
    text = f"layers.{kind}(6, " + ", ".join(f"{k}={v!r}" for k, v in args.items()) + ")"
    return f"layers.Bidirectional({text})" if bidirectional else text


def _stack(kind, bidirectional, middle="layers.Dropout(0.25)(x)", top_args=None):
    first = _layer(kind, bidirectional, return_sequences=True) + "(inputs)"
    top = _layer(kind, bidirectional, **(top_args or {})) + "(x)"
    return KERAS_STACK.format(first=first, middle=middle, top=top)


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_keras_stacked_recurrent_layers_become_one_torch_module(kind, bidirectional, tmp_path):
    code, result = migrate_and_verify(_stack(kind, bidirectional), tmp_path, "torch")
    # num_layers by position, as PyTorch's documentation writes nn.LSTM(input_size, hidden_size, num_layers)
    assert code.count(f"nn.{kind}(") == 1 and re.search(rf"nn\.{kind}\(\d+, \d+, 2, ", code) and "dropout=0.25" in code
    assert result.max < 1e-5, code


def test_keras_input_dropout_of_the_upper_layer_is_the_dropout_between_layers(tmp_path):
    source = _stack("LSTM", False, middle="x", top_args={"dropout": 0.5})
    code, result = migrate_and_verify(source, tmp_path, "torch")
    assert code.count("nn.LSTM(") == 1 and "dropout=0.5" in code
    assert result.max < 1e-5, code


def test_layers_that_differ_stay_separate_modules(tmp_path):
    first = _layer("LSTM", False, return_sequences=True) + "(inputs)"
    top = "layers.LSTM(4)(x)"  # another hidden size: PyTorch's stack has one
    source = KERAS_STACK.format(first=first, middle="layers.Dropout(0.25)(x)", top=top)
    code, result = migrate_and_verify(source, tmp_path, "torch")
    assert code.count("nn.LSTM(") == 2 and "num_layers" not in code
    assert result.max < 1e-5, code


KERAS_PAD = """
import keras
from keras import layers

inputs = keras.Input(shape=(12, 12, 3))
x = layers.ZeroPadding2D({pad})(inputs)
x = layers.Conv2D(4, 3, strides=2)(x)
outputs = layers.ReLU()(x)
model = keras.Model(inputs, outputs)
"""


def test_symmetric_zero_pad_becomes_the_torch_conv_padding(tmp_path):
    code, result = migrate_and_verify(KERAS_PAD.format(pad=2), tmp_path, "torch")
    assert "ZeroPad2d" not in code and "padding=2" in code
    assert result.max < 1e-5, code


def test_uneven_zero_pad_stays_a_pad_layer(tmp_path):
    code, result = migrate_and_verify(KERAS_PAD.format(pad="((1, 2), (1, 2))"), tmp_path, "torch")
    assert "ZeroPad2d" in code and "padding=" not in code.split("ZeroPad2d")[1].split("\n")[1]
    assert result.max < 1e-5, code


KERAS_RESIDUAL = """
import keras
from keras import layers

inputs = keras.Input(shape=(6,))
x = layers.Dense(6)(inputs)
y = layers.ReLU()(x)
z = layers.ReLU()(layers.Dense(6)(y))
outputs = layers.Add()([x, z])
model = keras.Model(inputs, outputs)
"""


def test_activation_overwrites_its_input_only_where_nothing_else_reads_it(tmp_path):
    code, result = migrate_and_verify(KERAS_RESIDUAL, tmp_path, "torch")
    assert code.count("nn.ReLU(inplace=True)") == 1, code  # the first Dense's result is added later: kept
    assert result.max < 1e-5, code
