"""Keras RepeatVector (the encoder-decoder of sequence-to-sequence examples) migrates to PyTorch as
a new time axis expanded in forward, and verifies; an input of another rank is refused."""
import pytest
from backend_ir import migrate_and_verify

from nnport import api
from nnport.errors import NnportError
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

SEQ2SEQ = '''
import keras
from keras import layers

DIGITS, CHARS = 3, 12
model = keras.Sequential()
model.add(layers.Input(shape=(2 * DIGITS + 1, CHARS)))
model.add(layers.LSTM(32))
model.add(layers.RepeatVector(DIGITS + 1))
model.add(layers.LSTM(32, return_sequences=True))
model.add(layers.Dense(CHARS, activation="softmax"))
'''


def test_an_encoder_decoder_with_repeat_vector_verifies(tmp_path):
    code, result = migrate_and_verify(SEQ2SEQ, tmp_path, "torch")
    assert ".unsqueeze(1).expand(-1, 4, -1)" in code
    assert result.passed, result.summary()


def test_repeat_vector_of_a_sequence_is_refused(tmp_path):
    path = tmp_path / "model.py"
    path.write_text(SEQ2SEQ.replace("layers.LSTM(32))", "layers.LSTM(32, return_sequences=True))"))
    with pytest.raises(NnportError, match=r"repeat_vector .*repeats \(batch, features\) vectors"):
        api.migrate(path, WriteOptions(target="torch", only_model=True))
