"""Property: random valid architectures drawn from the catalog, written as source code in one
framework, migrated to the other and verified (same weights, random inputs, max abs difference).

CI runs a few examples; set NNPORT_PROPERTY_EXAMPLES=200 (or more) for a long run.
"""
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nnport
from nnport import api
from nnport.catalog import registry
from nnport.catalog.schema import REQUIRED
from nnport.options import WriteOptions
from layer_builders import framework_kwargs

pytest.importorskip("torch")
pytest.importorskip("keras")

EXAMPLES = int(os.environ.get("NNPORT_PROPERTY_EXAMPLES", "6"))


def activation_kinds(with_axis: bool) -> list[str]:
    """Activations both frameworks spell as a layer (Keras: a layer or an Activation string)."""
    found = []
    for kind in registry.kinds():
        if kind.family != "activation" or kind.weights or any(a.default is REQUIRED for a in kind.attrs):
            continue
        has_axis = any(a.type in ("axis", "axes") for a in kind.attrs)
        keras = kind.spelling("keras", "layer") or kind.spelling("keras", "activation")
        if kind.spelling("torch", "layer") and keras and (with_axis or not has_axis):
            found.append(kind.name)
    return sorted(found)


# --- architectures: lists of (kind, canonical attrs) with the shapes tracked while drawing ---

@st.composite
def image_network(draw):
    channels, size = 3, draw(st.sampled_from([6, 8, 10]))
    input_shape, layers = (channels, size, size), []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.sampled_from(["conv", "conv", "pool", "norm", "act", "dropout"]))
        if choice == "conv":
            kernel, stride = draw(st.integers(1, min(3, size))), draw(st.sampled_from([1, 1, 2]))
            padding = draw(st.sampled_from(["valid", "same"])) if stride == 1 else "valid"
            out = draw(st.integers(2, 6))
            layers.append(("conv2d", {"in_channels": channels, "out_channels": out, "kernel_size": (kernel, kernel),
                                      "stride": (stride, stride), "padding": padding, "bias": draw(st.booleans())}))
            channels, size = out, size if padding == "same" else (size - kernel) // stride + 1
        elif choice == "pool" and size >= 2:
            layers.append((draw(st.sampled_from(["max_pool2d", "avg_pool2d"])), {"kernel_size": (2, 2), "stride": (2, 2)}))
            size //= 2
        elif choice == "norm":
            layers.append(("batch_norm2d", {"num_features": channels, "eps": draw(st.sampled_from([1e-5, 1e-3])),
                                            "momentum": draw(st.sampled_from([0.1, 0.01]))}))
        elif choice == "act":
            layers.append((draw(st.sampled_from(activation_kinds(with_axis=False))), {}))
        elif choice == "dropout":
            layers.append(("dropout", {"p": 0.25}))
    layers.append(("flatten", {}))
    layers.append(("linear", {"in_features": channels * size * size, "out_features": draw(st.integers(2, 5))}))
    return input_shape, layers


@st.composite
def vector_network(draw):
    width = draw(st.integers(3, 8))
    input_shape, layers = (width,), []
    for _ in range(draw(st.integers(1, 5))):
        choice = draw(st.sampled_from(["linear", "linear", "norm", "layer_norm", "act"]))
        if choice == "linear":
            out = draw(st.integers(2, 8))
            layers.append(("linear", {"in_features": width, "out_features": out, "bias": draw(st.booleans())}))
            width = out
        elif choice == "norm":
            layers.append(("batch_norm1d", {"num_features": width}))
        elif choice == "layer_norm":
            layers.append(("layer_norm", {"normalized_shape": (width,), "axes": ("C",)}))
        else:
            layers.append((draw(st.sampled_from(activation_kinds(with_axis=True))), {}))
    return input_shape, layers


# --- writing the architecture as source code, through the catalog spellings ---

def layer_code(framework: str, kind_name: str, attrs: dict, roles) -> str:
    kind = registry.kind(kind_name)
    full = {**kind.defaults(), **attrs}
    spelling = kind.spelling(framework, "layer")
    if spelling is None:  # Keras activations without a layer class: keras.layers.Activation("name")
        return f'keras.layers.Activation("{kind.spelling(framework, "activation").name}")'
    kwargs = framework_kwargs(kind_name, framework, full, spelling, roles)
    written = ", ".join(f"{k}={v!r}" for k, v in kwargs.items() if v is not None)
    return f"{spelling.name}({written})"


def source_code(framework: str, layers, input_shape) -> str:
    """A Sequential model; ``input_shape`` without the batch axis, in PyTorch layout."""
    rank = len(input_shape) + 1
    torch_roles = ("N", "C", "H", "W")[:rank] if rank == 4 else ("N", "C")
    keras_roles = ("N", "H", "W", "C") if rank == 4 else ("N", "C")
    if framework == "torch":
        body = ",\n    ".join(layer_code("torch", k, a, torch_roles) for k, a in layers)
        dims = ", ".join(map(str, input_shape))
        return f"import torch\n\nmodel = torch.nn.Sequential(\n    {body},\n)\nmodel.eval()\nmodel(torch.zeros(2, {dims}))\n"
    shape = tuple(input_shape[1:]) + (input_shape[0],) if rank == 4 else tuple(input_shape)
    body = ",\n    ".join(layer_code("keras", k, a, keras_roles) for k, a in layers)
    return f"import keras\n\nmodel = keras.Sequential([\n    keras.Input(shape={shape!r}),\n    {body},\n])\n"


def migrate_and_verify(framework: str, layers, input_shape):
    target = "keras" if framework == "torch" else "torch"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "random_net.py"
        source.write_text(source_code(framework, layers, input_shape))
        migrated = Path(folder) / "random_net_migrated.py"
        migrated.write_text(api.migrate(source, WriteOptions(target=target, only_model=True)))
        result = nnport.verify(source, migrated, trials=2, batch=2, per_layer=False)
    assert result.passed, f"{result.summary()}\n{source_code(framework, layers, input_shape)}"


SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(st.sampled_from(["torch", "keras"]), image_network())
def test_random_image_networks_migrate_equivalently(framework, drawn):
    migrate_and_verify(framework, drawn[1], drawn[0])


@SETTINGS
@given(st.sampled_from(["torch", "keras"]), vector_network())
def test_random_vector_networks_migrate_equivalently(framework, drawn):
    migrate_and_verify(framework, drawn[1], drawn[0])
