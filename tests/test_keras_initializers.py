"""Keras initializers (strings and ``keras.initializers`` objects) do not change what a network
computes, only the weights training starts from: they are kept as attributes of the layer and each
one is reported, since the migrated PyTorch code starts from PyTorch's default initialisation.
The IRNN example also shapes its input from MNIST reshaped in the file
(``X_train.reshape(X_train.shape[0], -1, 1)``, then ``input_shape=X_train.shape[1:]``)."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migration
from nnport.errors import Reporter
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

IRNN = '''import keras
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Activation, SimpleRNN
from keras import initializers

hidden_units = 16
num_classes = 10

(X_train, y_train), (X_test, y_test) = mnist.load_data()
X_train = X_train.reshape(X_train.shape[0], -1, 7)
X_train = X_train.astype("float32") / 255

model = Sequential()
model.add(SimpleRNN(hidden_units,
                    kernel_initializer=initializers.RandomNormal(stddev=0.001),
                    recurrent_initializer=initializers.Identity(gain=1.0),
                    activation="relu",
                    input_shape=X_train.shape[1:]))
model.add(Dense(num_classes, kernel_initializer="he_normal"))
model.add(Activation("softmax"))
'''


def test_initializers_are_reported_and_the_network_matches(tmp_path):
    source = tmp_path / "irnn.py"
    source.write_text(IRNN)
    reporter = Reporter()
    migration(source, WriteOptions(target="torch", only_model=True), reporter=reporter)
    warned = [d.message for d in reporter.diagnostics if "initialisation" in d.message]
    assert len(warned) == 3 and "kernel_initializer=initializers.RandomNormal(stddev=0.001)" in warned[0], warned
    code, result = migrate_and_verify(IRNN, tmp_path, "torch")
    assert "nn.RNN(7, 16" in code
    assert result.passed and result.max <= 1e-5, result.summary()
