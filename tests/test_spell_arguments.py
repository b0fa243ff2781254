"""Arguments are written as the target framework's documentation writes them: the values of the
signature's required parameters positionally, in their own slots (``nn.Conv2d(3, 64, 3)``,
``layers.Dense(64)``, ``layers.Dropout(0.5)``), every parameter with a default by keyword
(``nn.BatchNorm2d(64, eps=0.001, momentum=0.01)``, ``keras.activations.gelu(x, approximate=False)``).
The required parameters come from the installed torch / keras (test_catalog's signature reader); a
parameter named by a Python keyword (``Tensor.uniform_(from, to)``) can only be given by position."""
import ast
import keyword

import pytest
from backend_ir import migrate_and_verify
from test_catalog import NO_DEFAULT, real_params

from nnport.backends.spell import arguments, tensor_slots
from nnport.catalog import registry

WRITTEN_FORMS = ("layer", "function", "method")


def written_as_is(spelling) -> bool:
    """A spelling the backends write as a call from its argument list (not an operator, an
    inline expression or a helper of the generated file)."""
    return (spelling.form in WRITTEN_FORMS and not spelling.name.startswith(("operator.", "nnport."))
            and "expression" not in spelling.hooks)


SPELLINGS = [pytest.param(k, s, id=f"{k.name}:{s.framework}:{s.form}:{s.name}")
             for k in registry.kinds() for s in k.spellings if written_as_is(s)]


def all_values(spelling) -> list[tuple[str, int]]:
    """A value for every argument the spelling carries, in the order the backend writes them."""
    return [(a.name, 1) for a in spelling.args if a.attr is not None]


def required_parameters(spelling, names: set[str]) -> list[str] | None:
    """The real signature's parameters without a default, in order (the overload taking every
    argument in ``names``; ``*shape`` when it takes one); None for an undocumented builtin."""
    found = real_params(spelling)
    if found is None:
        return None
    overload = next((params for params in found if names <= {p.name for p in params}), found[0])
    return [p.name for p in overload if p.positional and (p.variadic and p.name in names or not p.variadic and p.default is NO_DEFAULT)]


def required_by_calling(spelling, values, tensors: int) -> list[str]:
    """The leading slots a torch builtin (``torch.log_softmax(input, dim)``) cannot do without:
    called with the values of the first k slots, for the smallest k that runs."""
    import torch
    from test_catalog import resolve

    fn = resolve(spelling.framework, spelling.form, spelling.name)
    given = dict(values)
    slots = [name for name in spelling.positional[tensors:] if name in given]
    for k in range(len(slots) + 1):
        x = torch.ones(2, 3)
        try:
            fn(x, *[x] * (tensors - (spelling.form == "function")), *(given[n] for n in slots[:k]))
        except TypeError:
            continue
        return slots[:k]
    raise AssertionError(f"{spelling.name} does not run with {values}")


def positional_written(spelling, values, tensors) -> list[str]:
    call = ast.parse(f"f({arguments(spelling, values, tensors)})", mode="eval").body
    return list(spelling.positional[len(tensors):len(call.args)])


@pytest.mark.parametrize("kind, spelling", SPELLINGS)
def test_positional_arguments_are_exactly_the_required_parameters(kind, spelling):
    tensors = ["x"] * tensor_slots(spelling)
    values = all_values(spelling)
    required = required_parameters(spelling, {n for n, _ in values})
    if required is None:  # an undocumented torch builtin: its required parameters found by calling it
        required = required_by_calling(spelling, values, len(tensors))
    else:
        required = required[len(tensors):]
    if not set(required) <= {n for n, _ in values}:  # never written as is: a hook makes another call
        assert {"rewrite", "parts_to_fw"} & set(spelling.hooks), f"{spelling.name} lacks required {required}"
        return
    usual = {n for n in spelling.positional if spelling.arg(n) is not None and spelling.arg(n).by_position}
    by_position = [n for n in spelling.positional[len(tensors):] if n in set(required) | usual or keyword.iskeyword(n)]
    assert positional_written(spelling, values, tensors) == by_position


def test_a_value_whose_earlier_slots_are_not_written_is_a_keyword():
    prelu = registry.kind("prelu").spelling("keras", "layer")  # PReLU(alpha_initializer, ..., shared_axes)
    assert arguments(prelu, [("shared_axes", [1])]) == "shared_axes=[1]"


def test_a_required_value_after_a_missing_slot_is_a_keyword():
    linear = registry.kind("linear").spelling("torch", "layer")
    assert arguments(linear, [("out_features", 8)]) == "out_features=8"


@pytest.mark.parametrize("kind, framework, form, values, tensors, text", [
    ("linear", "torch", "layer", [("in_features", 4), ("out_features", 8)], [], "4, 8"),
    ("batch_norm2d", "torch", "layer", [("num_features", 64), ("eps", 0.0001), ("momentum", 0.05)], [],
     "64, eps=0.0001, momentum=0.05"),
    ("layer_norm", "torch", "layer", [("normalized_shape", 64), ("eps", 1e-06)], [], "64, eps=1e-06"),
    ("gelu", "keras", "function", [("approximate", False)], ["x"], "x, approximate=False"),
    ("log_softmax", "keras", "function", [("axis", 1)], ["x"], "x, axis=1"),
    ("dropout", "keras", "layer", [("rate", 0.5)], [], "0.5"),
    ("dropout", "torch", "layer", [("p", 0.5)], [], "p=0.5"),
    ("conv2d", "keras", "layer", [("filters", 32), ("kernel_size", 3), ("strides", 2)], [], "32, 3, strides=2"),
])
def test_documented_spellings(kind, framework, form, values, tensors, text):
    spelling = registry.kind(kind).spelling(framework, form)
    assert arguments(spelling, values, tensors) == text


TORCH_NORMS = """import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8, eps=1e-4, momentum=0.05)
        self.fc = nn.Linear(8 * 8 * 8, 16)
        self.ln = nn.LayerNorm(16, eps=1e-6)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        x = torch.flatten(x, 1)
        x = F.gelu(self.ln(self.fc(x)))
        return F.log_softmax(x, dim=1)


model = Net()
out = model(torch.randn(2, 3, 8, 8))
"""


def test_torch_to_keras_writes_defaulted_arguments_by_keyword_and_matches(tmp_path):
    code, result = migrate_and_verify(TORCH_NORMS, tmp_path, "keras", style="subclassing")
    assert "layers.Conv2D(8, 3, padding=" in code
    assert "layers.BatchNormalization(momentum=0.95, epsilon=0.0001)" in code
    assert "layers.Dense(16)" in code
    assert "gelu(" in code and ", approximate=False)" in code
    assert "log_softmax(" in code and ", axis=-1)" in code
    assert result.passed, result


KERAS_NORMS = """import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8, 8, 3)),
    layers.Conv2D(8, 3, padding="same", activation="gelu"),
    layers.BatchNormalization(momentum=0.95, epsilon=1e-4),
    layers.Flatten(),
    layers.Dense(16),
    layers.LayerNormalization(epsilon=1e-6),
    layers.Dropout(0.2),
    layers.Dense(4, activation="log_softmax"),
])
"""


def test_keras_to_torch_writes_defaulted_arguments_by_keyword_and_matches(tmp_path):
    code, result = migrate_and_verify(KERAS_NORMS, tmp_path, "torch", style="subclassing")
    assert "nn.Conv2d(3, 8, 3, padding=" in code
    assert "nn.BatchNorm2d(8, eps=0.0001, momentum=0.05" in code
    assert "nn.LayerNorm(16, eps=1e-06)" in code
    assert "nn.Dropout(p=0.2)" in code
    assert result.passed, result


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
