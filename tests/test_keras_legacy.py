"""Keras 1 and 2 files as old tutorials wrote them are read as their Keras 3 meaning, with a
warning saying what was read as what: Convolution2D(n, rows, cols, border_mode=, subsample=,
init=), Dense(output_dim=), merge(mode=...), Model(input=, output=), layers from
keras.layers.core / .convolutional / .recurrent. Each migrates to PyTorch and verifies as the
file stands (verify runs the same Keras 3 reading of it); what Keras 3 has no meaning for stays
refused."""
from pathlib import Path

import pytest

import nnport
from nnport import api
from nnport.errors import NnportError, Reporter
from nnport.options import ReadOptions, WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")


def migrated(tmp_path: Path, text: str, target_options: WriteOptions | None = None):
    source = tmp_path / "old.py"
    source.write_text(text)
    reporter = Reporter()
    out = tmp_path / "migrated.py"
    code = api.migrate(source, target_options or WriteOptions(target="torch", only_model=True), ReadOptions(),
                       reporter)
    out.write_text(code)
    return source, out, [str(d) for d in reporter.diagnostics]


def passes(source: Path, out: Path):
    result = nnport.verify(source, out, trials=2)
    assert result.passed, result.summary()


KERAS1_CNN = '''
from keras.models import Sequential
from keras.layers.core import Dense, Dropout, Activation, Flatten
from keras.layers.convolutional import Convolution2D, MaxPooling2D

nb_filters, nb_conv, nb_pool = 16, 3, 2
model = Sequential()
model.add(Convolution2D(nb_filters, nb_conv, nb_conv, border_mode="valid", input_shape=(20, 20, 1)))
model.add(Activation("relu"))
model.add(Convolution2D(nb_filter=nb_filters * 2, nb_row=3, nb_col=3, subsample=(2, 2), init="he_normal",
                        W_regularizer=None, bias=False, border_mode="same"))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(nb_pool, nb_pool)))
model.add(Dropout(p=0.25))
model.add(Flatten())
model.add(Dense(output_dim=32, init="glorot_uniform"))
model.add(Activation("relu"))
model.add(Dense(4))
model.add(Activation("softmax"))
'''


def test_keras1_convolutions_dense_and_module_paths(tmp_path):
    source, out, diagnostics = migrated(tmp_path, KERAS1_CNN)
    code = out.read_text()
    assert "nn.Conv2d(1, 16, 3)" in code and "nn.Conv2d(16, 32, 3, stride=2, bias=False)" in code
    assert "nn.ZeroPad2d((0, 1, 0, 1))" in code  # TF's "same" with stride 2 on 18 x 18
    assert "nn.Dropout(p=0.25)" in code and "nn.Linear(512, 32)" in code
    expected = [
        "old.py:3:1: warning: keras.layers.core is a Keras 1/2 module; read as keras.layers",
        "old.py:4:1: warning: keras.layers.convolutional is a Keras 1/2 module; read as keras.layers",
        ("old.py:8:11: warning: Convolution2D(...) is Keras 1/2 API; read as its Keras 3 meaning: "
         "nb_conv, nb_conv -> kernel_size=(nb_conv, nb_conv); border_mode= -> padding="),
        ("old.py:10:11: warning: Convolution2D(...) is Keras 1/2 API; read as its Keras 3 meaning: nb_row=, nb_col= -> "
         "kernel_size=; nb_filter= -> filters=; subsample= -> strides=; init= -> kernel_initializer=; "
         "W_regularizer= -> kernel_regularizer=; bias= -> use_bias=; border_mode= -> padding="),
        "old.py:14:11: warning: Dropout(...) is Keras 1/2 API; read as its Keras 3 meaning: p= -> rate=",
        ("old.py:16:11: warning: Dense(...) is Keras 1/2 API; read as its Keras 3 meaning: output_dim= -> units=; "
         "init= -> kernel_initializer="),
    ]
    assert [d.removeprefix(f"{tmp_path}/") for d in diagnostics[:6]] == expected
    passes(source, out)


KERAS1_MERGE = '''
from keras.layers import Input, Dense, merge
from keras.models import Model

a = Input(shape=(12,))
b = Input(shape=(12,))
ha = Dense(8, activation="tanh")(a)
hb = Dense(8, activation="tanh")(b)
joined = merge([ha, hb], mode="concat", concat_axis=1)
summed = merge([ha, hb])
product = merge([ha, hb], mode="mul", name="gate")
x = merge([Dense(8)(joined), summed, product], mode="sum")
out = Dense(1, activation="sigmoid")(merge([x, joined], mode="concat"))
model = Model(input=[a, b], output=out)
'''


def test_keras1_merge_modes_and_model_input_output(tmp_path):
    source, out, diagnostics = migrated(tmp_path, KERAS1_MERGE)
    assert "torch.cat(" in out.read_text()
    shown = "\n".join(diagnostics)
    for read in ("merge(..., mode='concat') is Keras 1 API; read as its Keras 3 meaning: concatenate([...], axis=1)",
                 "merge(..., mode='sum') is Keras 1 API; read as its Keras 3 meaning: add([...])",
                 "multiply([...], name='gate')", "input= -> inputs=; output= -> outputs="):
        assert read in shown
    passes(source, out)


@pytest.mark.parametrize(("mode", "refusal"), [
    ('mode="max"', r"old.py:11:11: error: Maximum is not a Keras layer nnport translates"),
    ("mode=lambda xs: xs[0] * xs[1], output_shape=(8,)", r"old.py:11:11: error: merge is Keras 1 API"),
])
def test_a_merge_mode_without_translation_is_refused_where_it_is(tmp_path, mode, refusal):
    with pytest.raises(NnportError, match=refusal):
        migrated(tmp_path, KERAS1_MERGE.replace('mode="mul", name="gate"', mode))


KERAS1_TEXT = '''
import numpy as np
from keras.preprocessing import sequence
from keras.models import Sequential
from keras.layers.embeddings import Embedding
from keras.layers.recurrent import LSTM
from keras.layers.convolutional import Convolution1D, MaxPooling1D
from keras.layers.core import Dense

max_features, maxlen = 500, 40
model = Sequential()
model.add(Embedding(max_features, 16, input_length=maxlen, dropout=0.2))
model.add(Convolution1D(nb_filter=8, filter_length=3, border_mode="same", activation="relu", subsample_length=1))
model.add(MaxPooling1D(pool_length=2, stride=2))
model.add(LSTM(output_dim=12, dropout_W=0.2, dropout_U=0.2))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(np.zeros((8, maxlen)), np.zeros(8), batch_size=4, nb_epoch=2)
'''


def test_keras1_text_model_embedding_dropout_and_recurrent_defaults(tmp_path):
    source, out, diagnostics = migrated(tmp_path, KERAS1_TEXT)
    shown = "\n".join(diagnostics)
    assert "Embedding(dropout=0.2) is Keras 1 API: it drops whole rows of the embedding table while training" in shown
    assert "LSTM(...) in a Keras 1/2 file is read with Keras 3's defaults: recurrent_activation='sigmoid'" in shown
    assert "pool_length= -> pool_size=; stride= -> strides=" in shown
    assert "output_dim= -> units=; dropout_W= -> dropout=; dropout_U= -> recurrent_dropout=" in shown
    passes(source, out)
    script = api.migrate(source, WriteOptions(target="torch"))
    assert "# TODO(nnport): Embedding(dropout=0.2) (Keras 1: drops whole rows of the embedding table" in script
    assert "— source line 12: 0.2" in script


def test_a_keras3_file_gets_no_keras1_warnings(tmp_path):
    text = '''
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(10, 4)), layers.LSTM(8), layers.Dense(2)])
'''
    source, out, diagnostics = migrated(tmp_path, text)
    assert diagnostics == []
    passes(source, out)


def test_keras2_atrous_convolution_is_a_dilated_convolution(tmp_path):
    text = '''
from keras.layers import Input, AtrousConvolution2D, GlobalAveragePooling2D
from keras.models import Model

inputs = Input(shape=(16, 16, 3))
x = AtrousConvolution2D(8, 3, 3, atrous_rate=(2, 2), border_mode="same", activation="relu")(inputs)
model = Model(input=inputs, output=GlobalAveragePooling2D()(x))
'''
    source, out, diagnostics = migrated(tmp_path, text)
    assert "dilation=2" in out.read_text()
    assert any("AtrousConvolution2D is Keras 1 API; read as Conv2D" in d for d in diagnostics)
    passes(source, out)
