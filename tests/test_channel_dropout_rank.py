"""Channel dropout (nn.Dropout2d / SpatialDropout2D) takes feature maps of its rank. PyTorch reads
nn.Dropout2d on a 2-D (N, C) value as element dropout (its own warning says so): that becomes
Keras Dropout. On a 3-D value PyTorch drops whole unbatched channels, which Keras cannot say: refused,
with the reason, instead of a Keras layer that fails when the migrated model runs. On feature maps it
migrates and computes the same."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

ON_FEATURES = '''import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(input_size=28, hidden_size=32, batch_first=True)
        self.drop = nn.Dropout2d(0.25)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = x.reshape(-1, 28, 28)
        out, _ = self.rnn(x)
        x = self.drop(out[:, -1, :])
        return F.log_softmax(self.fc(x), dim=1)
'''

ON_MAPS = '''import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
        self.drop = nn.Dropout2d(0.25)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 4)

    def forward(self, x):
        x = self.pool(self.drop(self.conv(x)))
        return self.fc(x.flatten(1))


model = Net()
'''


def test_channel_dropout_on_a_2d_value_is_element_dropout(tmp_path):
    code, result = migrate_and_verify(ON_FEATURES, tmp_path, "keras")
    assert "layers.Dropout(0.25)" in code and "SpatialDropout" not in code
    assert result.passed and result.max <= 1e-5, result.summary()


def test_channel_dropout_on_a_3d_value_is_refused(tmp_path):
    source = tmp_path / "mnist_rnn.py"
    source.write_text(ON_FEATURES.replace("self.drop(out[:, -1, :])", "self.drop(out)[:, -1, :]"))
    with pytest.raises(NnportError, match=r"mnist_rnn.py:10:\d+: error: dropout2d 'drop' .*float32\[N=\?, T=28, C=32\]"):
        migrate(source, WriteOptions(target="keras"))


def test_channel_dropout_on_feature_maps_computes_the_same(tmp_path):
    code, result = migrate_and_verify(ON_MAPS, tmp_path, "keras")
    assert "SpatialDropout2D" in code
    assert result.passed and result.max <= 1e-5, result.summary()
