"""Model files of a package (torchvision's style): builders that pass their weights through the
weights enum API (``weights = Net_Weights.verify(weights)``) are read with ``weights=None``
(random initialisation), and a package helper called for its effect alone is warned about,
not read. The migrated model is run and compared with the source's."""
import warnings

import pytest

import nnport
from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

PACKAGE_MODULE = '''from functools import partial
from typing import Any, Optional

import torch
import torch.nn as nn

from ..utils import _log_api_usage_once
from ._api import WeightsEnum, Weights
from ._utils import handle_legacy_interface, _ovewrite_named_param


class Squeeze(nn.Module):
    def __init__(self, cin: int, mid: int, num_classes: int = 10) -> None:
        super().__init__()
        _log_api_usage_once(self)
        self.reduce = nn.Conv2d(cin, mid, kernel_size=1)
        self.act = nn.ReLU(inplace=True)
        self.pool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(mid, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(self.act(self.reduce(x)))
        return self.fc(torch.flatten(x, 1))


def _squeeze(mid: int, weights: Optional[WeightsEnum], progress: bool, **kwargs: Any) -> Squeeze:
    if weights is not None:
        _ovewrite_named_param(kwargs, "num_classes", len(weights.meta["categories"]))
    model = Squeeze(3, mid, **kwargs)
    if weights is not None:
        model.load_state_dict(weights.get_state_dict(progress=progress))
    return model


class Squeeze_S_Weights(WeightsEnum):
    V1 = Weights(url="https://example.org/squeeze-s.pth", transforms=partial(dict, crop=32), meta={"classes": 10})
    DEFAULT = V1


@handle_legacy_interface(weights=("pretrained", Squeeze_S_Weights.V1))
def squeeze_s(*, weights: Optional[Squeeze_S_Weights] = None, progress: bool = True, **kwargs: Any) -> Squeeze:
    weights = Squeeze_S_Weights.verify(weights)
    return _squeeze(8, weights, progress, **kwargs)
'''


def test_weights_none_builder_migrates_and_computes_the_same(tmp_path):
    source = tmp_path / "squeeze.py"
    source.write_text(PACKAGE_MODULE)
    with warnings.catch_warnings(record=True):
        code = migrate(source, WriteOptions(target="keras", only_model=True))
    migrated = tmp_path / "squeeze_keras.py"
    migrated.write_text(code)
    result = nnport.verify(source, migrated, factory="Squeeze(3, 8)", trials=2, batch=2)
    assert result.passed and result.max <= 1e-5, result.summary()


def test_a_named_checkpoint_is_refused(tmp_path):
    source = tmp_path / "squeeze.py"
    source.write_text(PACKAGE_MODULE + "\n\nmodel = squeeze_s(weights=Squeeze_S_Weights.V1)\n")
    with pytest.raises(NnportError, match=r"squeeze.py:46:27: error: Squeeze_S_Weights.V1 is not static"):
        migrate(source, WriteOptions(target="keras", only_model=True))


def test_the_builder_verify_cannot_run_is_replaced_by_its_class(tmp_path):
    """Here the builder needs the package's weights API (relative imports) to run: verify builds
    the class it builds, with the arguments the builder passes, and says so."""
    source = tmp_path / "squeeze.py"
    source.write_text(PACKAGE_MODULE)
    with warnings.catch_warnings(record=True):
        code = migrate(source, WriteOptions(target="keras", only_model=True))
    migrated = tmp_path / "squeeze_keras.py"
    migrated.write_text(code)
    result = nnport.verify(source, migrated, trials=2, batch=2)
    assert result.passed and result.max <= 1e-5, result.summary()
    assert any(n.startswith("the source model is built as Squeeze(cin=3, mid=8, num_classes=10), what squeeze_s() "
                            "builds, since the builder cannot run here") for n in result.notes), result.notes
