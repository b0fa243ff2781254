"""Keras's ``TimeDistributed`` wrapper and old layer modules imported as names.

``TimeDistributed(Dense(n))`` applies the Dense to each time step, which is what Dense (and
PyTorch's Linear) do on a sequence: read as the wrapped layer. A wrapped layer that sees each time
step as a sample (a convolution over frames) is refused, naming the wrapper. Keras 1/2 examples
write ``from keras.layers import recurrent`` and ``RNN = recurrent.LSTM``: the module's layers are
read as ``keras.layers``'s."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

ADDITION_RNN = '''from keras.models import Sequential
from keras.layers import Activation, TimeDistributed, Dense, RepeatVector, recurrent

RNN = recurrent.LSTM
HIDDEN_SIZE = 32
LAYERS = 1
DIGITS = 3
MAXLEN = DIGITS + 1 + DIGITS
chars = "0123456789+ "

model = Sequential()
model.add(RNN(HIDDEN_SIZE, input_shape=(MAXLEN, len(chars))))
model.add(RepeatVector(DIGITS + 1))
for _ in range(LAYERS):
    model.add(RNN(HIDDEN_SIZE, return_sequences=True))
model.add(TimeDistributed(Dense(len(chars))))
model.add(Activation("softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
'''

TAGGER = '''import keras
from keras import layers

inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(500, 16)(inputs)
x = layers.Bidirectional(layers.GRU(8, return_sequences=True))(x)
x = layers.TimeDistributed(layers.Dropout(0.3))(x)
x = layers.TimeDistributed(layers.Dense(5, activation="softmax"))(x)
model = keras.Model(inputs, x)
'''


def test_an_old_addition_rnn_migrates_to_pytorch_and_matches(tmp_path):
    code, result = migrate_and_verify(ADDITION_RNN, tmp_path, "torch")
    assert "nn.Linear(32, 12)" in code and "nn.LSTM(" in code
    assert result.passed and result.max <= 1e-5, result.summary()


def test_a_sequence_tagger_with_time_distributed_layers_matches(tmp_path):
    code, result = migrate_and_verify(TAGGER, tmp_path, "torch")
    assert "nn.Linear(16, 5)" in code
    assert result.passed and result.max <= 1e-5, result.summary()


def test_a_convolution_over_frames_is_refused_naming_the_wrapper(tmp_path):
    source = tmp_path / "frames.py"
    source.write_text('''import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8, 32, 32, 3)),
    layers.TimeDistributed(layers.Conv2D(16, 3)),
])
''')
    with pytest.raises(NnportError, match=r"frames.py:6:\d+: error: TimeDistributed wrapping conv2d is not translated"):
        migrate(source, WriteOptions(target="torch"))
