"""Every realistic Keras test model: nnport's pivot model agrees with what Keras builds."""
import pytest

from keras_compare import MODELS, compare

NEEDS_CATALOG = {}
FILES = sorted(p.name for p in MODELS.glob("*.py"))


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(reason=NEEDS_CATALOG[n], strict=False)) if n in NEEDS_CATALOG else n
    for n in FILES])
def test_model_matches_keras(name):
    pivot = compare(MODELS / name)
    assert pivot.source.layout == "channels_last"
    assert pivot.source.framework == "keras"


def test_there_are_enough_models():
    assert len(FILES) >= 25
