"""Dense blocks written the torchvision way: a layer whose forward takes ``*prev_features``
(one tensor when called with one) through a closure built by a factory, and a block whose
forward walks its own ``named_children()`` in registration order. Migrated, run, compared."""
import pytest
from backend_ir import migrate_and_verify

pytest.importorskip("torch")
pytest.importorskip("keras")

DENSE = '''import torch
import torch.nn as nn
import torch.nn.functional as F


def _squeeze_factory(norm, act, conv):
    def squeeze(*inputs):
        joined = torch.cat(inputs, 1)
        return conv(act(norm(joined)))

    return squeeze


class _Layer(nn.Sequential):
    def __init__(self, cin, growth, width, drop_rate):
        super(_Layer, self).__init__()
        self.add_module("norm1", nn.BatchNorm2d(cin)),
        self.add_module("act1", nn.ReLU(inplace=True)),
        self.add_module("conv1", nn.Conv2d(cin, width * growth, kernel_size=1, bias=False)),
        self.add_module("norm2", nn.BatchNorm2d(width * growth)),
        self.add_module("act2", nn.ReLU(inplace=True)),
        self.add_module("conv2", nn.Conv2d(width * growth, growth, kernel_size=3, padding=1, bias=False)),
        self.drop_rate = drop_rate
        self.checkpointed = False

    def forward(self, *prev_features):
        squeeze = _squeeze_factory(self.norm1, self.act1, self.conv1)
        if self.checkpointed and any(f.requires_grad for f in prev_features):
            raise RuntimeError("not in this example")
        bottleneck = squeeze(*prev_features)
        out = self.conv2(self.act2(self.norm2(bottleneck)))
        if self.drop_rate > 0:
            out = F.dropout(out, p=self.drop_rate, training=self.training)
        return out


class _Block(nn.Module):
    def __init__(self, layers, cin, growth, width, drop_rate):
        super(_Block, self).__init__()
        for i in range(layers):
            self.add_module("layer%d" % (i + 1), _Layer(cin + i * growth, growth, width, drop_rate))

    def forward(self, x):
        features = x
        for name, layer in self.named_children():
            features = torch.cat([features, layer(features)], 1)
        return features


class TinyDense(nn.Module):
    def __init__(self, growth=4, layers=3, stem=8, width=2, drop_rate=0.1, num_classes=5):
        super(TinyDense, self).__init__()
        self.stem = nn.Conv2d(3, stem, kernel_size=3, padding=1, bias=False)
        self.block = _Block(layers, stem, growth, width, drop_rate)
        self.head = nn.Linear(stem + layers * growth, num_classes)

    def forward(self, x):
        out = F.relu(self.block(self.stem(x)))
        out = F.adaptive_avg_pool2d(out, (1, 1))
        return self.head(torch.flatten(out, 1))


model = TinyDense()
'''


@pytest.mark.parametrize("layout", ["source", "native"])
def test_varargs_forward_and_named_children(tmp_path, layout):
    _, result = migrate_and_verify(DENSE, tmp_path, "keras", layout=layout)
    assert result.passed and result.max <= 1e-5, result.summary()
