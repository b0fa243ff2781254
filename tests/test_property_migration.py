"""Property: random valid architectures drawn from the catalog, written as source code in one
framework, migrated to the other and verified (same weights, random inputs, max abs difference).

CI runs a few examples; ``python -m benchmarks.run_all property`` runs 200 (both directions)
and reports every failure; NNPORT_PROPERTY_EXAMPLES sets how many this test draws.
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
        choice = draw(st.sampled_from(["conv", "conv", "pool", "norm", "act", "dropout", "group_norm", "upsample",
                                       "transpose"]))
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
        elif choice == "group_norm":
            groups = draw(st.sampled_from([g for g in (1, 2, 3) if channels % g == 0]))
            layers.append(("group_norm", {"num_groups": groups, "num_channels": channels,
                                          "eps": draw(st.sampled_from([1e-5, 1e-3]))}))
        elif choice == "upsample" and size <= 8:
            layers.append(("upsample2d", {"scale_factor": (2.0, 2.0), "mode": "nearest"}))
            size *= 2
        elif choice == "transpose" and size <= 8:
            kernel, stride, out = draw(st.integers(1, 3)), draw(st.sampled_from([1, 2])), draw(st.integers(2, 5))
            layers.append(("conv_transpose2d", {"in_channels": channels, "out_channels": out,
                                                "kernel_size": (kernel, kernel), "stride": (stride, stride)}))
            channels, size = out, (size - 1) * stride + kernel
    layers.append(("flatten", {}))
    layers.append(("linear", {"in_features": channels * size * size, "out_features": draw(st.integers(2, 5))}))
    return input_shape, layers


@st.composite
def signal_network(draw):
    """1-D signals (N, C, W): convolutions, pooling, normalisation along the length. A convolution
    comes first: what reads a 3-D input tells (N, C, W) from (N, T, C) (see the test starting with an activation below)."""
    channels, length = draw(st.integers(1, 3)), draw(st.sampled_from([8, 12, 16]))
    input_shape, layers = (channels, length), []
    for i in range(draw(st.integers(1, 4))):
        choice = "conv" if i == 0 else draw(st.sampled_from(["conv", "conv", "pool", "norm", "act"]))
        if choice == "conv":
            kernel, stride = draw(st.integers(1, min(5, length))), draw(st.sampled_from([1, 1, 2]))
            padding = draw(st.sampled_from(["valid", "same"])) if stride == 1 else "valid"
            out = draw(st.integers(2, 6))
            dilatable = padding == "valid" and stride == 1 and 1 < kernel and (kernel - 1) * 2 < length
            dilation = draw(st.sampled_from([1, 1, 2])) if dilatable else 1  # Keras refuses it with strides
            layers.append(("conv1d", {"in_channels": channels, "out_channels": out, "kernel_size": (kernel,),
                                      "stride": (stride,), "padding": padding,
                                      "dilation": (dilation,)}))
            span = dilation * (kernel - 1) + 1
            channels, length = out, length if padding == "same" else (length - span) // stride + 1
        elif choice == "pool" and length >= 2:
            layers.append((draw(st.sampled_from(["max_pool1d", "avg_pool1d"])), {"kernel_size": (2,), "stride": (2,)}))
            length //= 2
        elif choice == "norm":
            layers.append(("batch_norm1d", {"num_features": channels, "eps": draw(st.sampled_from([1e-5, 1e-3]))}))
        elif choice == "act":
            layers.append((draw(st.sampled_from(activation_kinds(with_axis=False))), {}))
    layers.append(("flatten", {}))
    layers.append(("linear", {"in_features": channels * length, "out_features": draw(st.integers(2, 5))}))
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
    spatial = {4: ("H", "W"), 3: ("W",)}.get(rank, ())
    torch_roles, keras_roles = ("N", "C", *spatial), ("N", *spatial, "C")
    if framework == "torch":
        body = ",\n    ".join(layer_code("torch", k, a, torch_roles) for k, a in layers)
        dims = ", ".join(map(str, input_shape))
        return f"import torch\n\nmodel = torch.nn.Sequential(\n    {body},\n)\nmodel.eval()\nmodel(torch.zeros(2, {dims}))\n"
    shape = tuple(input_shape[1:]) + (input_shape[0],) if spatial else tuple(input_shape)
    body = ",\n    ".join(layer_code("keras", k, a, keras_roles) for k, a in layers)
    return f"import keras\n\nmodel = keras.Sequential([\n    keras.Input(shape={shape!r}),\n    {body},\n])\n"


def write_and_migrate(framework: str, layers, input_shape, folder: Path) -> tuple[Path, Path]:
    """The architecture written in ``framework`` and its migration to the other: both files."""
    target = "keras" if framework == "torch" else "torch"
    source = folder / "random_net.py"
    source.write_text(source_code(framework, layers, input_shape))
    migrated = folder / "random_net_migrated.py"
    migrated.write_text(api.migrate(source, WriteOptions(target=target, only_model=True)))
    return source, migrated


def migrate_and_verify(framework: str, layers, input_shape, trials: int = 2):
    with tempfile.TemporaryDirectory() as folder:
        source, migrated = write_and_migrate(framework, layers, input_shape, Path(folder))
        return nnport.verify(source, migrated, trials=trials, batch=2, per_layer=False)


def check(framework: str, layers, input_shape) -> None:
    result = migrate_and_verify(framework, layers, input_shape)
    assert result.passed, f"{result.summary()}\n{source_code(framework, layers, input_shape)}"


SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(st.sampled_from(["torch", "keras"]), image_network())
def test_random_image_networks_migrate_equivalently(framework, drawn):
    check(framework, drawn[1], drawn[0])


@SETTINGS
@given(st.sampled_from(["torch", "keras"]), vector_network())
def test_random_vector_networks_migrate_equivalently(framework, drawn):
    check(framework, drawn[1], drawn[0])


@SETTINGS
@given(st.sampled_from(["torch", "keras"]), signal_network())
def test_random_signal_networks_migrate_equivalently(framework, drawn):
    check(framework, drawn[1], drawn[0])


def test_signal_network_starting_with_an_activation():
    check("torch", [("celu", {}), ("max_pool1d", {"kernel_size": (2,), "stride": (2,)}), ("flatten", {}),
                    ("linear", {"in_features": 4, "out_features": 2})], (1, 8))


def test_strided_dilated_convolution():
    check("torch", [("conv1d", {"in_channels": 1, "out_channels": 2, "kernel_size": (2,), "stride": (2,),
                                "padding": "valid", "dilation": (2,)}), ("flatten", {}),
                    ("linear", {"in_features": 14, "out_features": 2})], (1, 16))
