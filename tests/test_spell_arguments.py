"""Arguments are written positionally only in their own slot of the target's signature."""
import pytest

from backend_ir import migrate_and_verify
from nnport.backends.spell import arguments
from nnport.catalog import registry


def test_a_value_whose_earlier_slots_are_not_written_is_a_keyword():
    prelu = registry.kind("prelu").spelling("keras", "layer")  # PReLU(alpha_initializer, ..., shared_axes)
    assert arguments(prelu, [("shared_axes", [1])]) == "shared_axes=[1]"


def test_leading_always_written_values_stay_positional():
    linear = registry.kind("linear").spelling("torch", "layer")
    assert arguments(linear, [("in_features", 4), ("out_features", 8)]) == "4, 8"


@pytest.mark.parametrize("prelu", ["nn.PReLU()", "nn.PReLU(8, init=0.1)"])
def test_prelu_after_a_linear_migrates_to_keras_and_matches(prelu, tmp_path):
    source = f"""import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 8), {prelu}, nn.Linear(8, 2))
out = model(torch.randn(1, 4))
"""
    code, result = migrate_and_verify(source, tmp_path, "keras")
    assert "shared_axes=" in code
    assert result.passed, result
