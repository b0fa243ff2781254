"""Backends: generated code is imported, run, and compared with the source framework."""
import ast

import numpy as np
import pytest

from backend_ir import (canonical_weights_from_keras, canonical_weights_from_torch, chain, keras_layer,
                        load_code, set_keras_weights, set_torch_weights)
from nnport.backends import generate, plan_model
from nnport.backends.naming import module_paths
from nnport.backends.render import format_code
from nnport.errors import NnportError, Reporter
from nnport.options import WriteOptions

TORCH_CNN = [
    ("conv", "conv2d", {"out_channels": 4, "kernel_size": (3, 3), "padding": ((1, 1), (1, 1))}),
    ("act", "leaky_relu", {"negative_slope": 0.2}),
    ("conv2", "conv2d", {"out_channels": 6, "kernel_size": (3, 3), "stride": (2, 2)}),
    ("relu", "relu", {}),
    ("flat", "flatten", {}),
    ("fc", "linear", {"out_features": 5}),
]

KERAS_CNN = [
    ("conv2d", "conv2d", {"out_channels": 4, "kernel_size": (3, 3), "stride": (2, 2), "padding": "same"}),
    ("conv2d_relu", "relu", {}),
    ("conv2d_1", "conv2d", {"out_channels": 3, "kernel_size": (2, 2), "padding": "same"}),
    ("flatten", "flatten", {}),
    ("dense", "linear", {"out_features": 7}),
]


def torch_reference():
    import torch
    torch.manual_seed(0)
    return torch.nn.ModuleDict({
        "conv": torch.nn.Conv2d(3, 4, 3, padding=1), "act": torch.nn.LeakyReLU(0.2),
        "conv2": torch.nn.Conv2d(4, 6, 3, stride=2), "relu": torch.nn.ReLU(), "flat": torch.nn.Flatten(),
        "fc": torch.nn.Linear(6 * 4 * 4, 5)})


def run_torch_reference(ref, x):
    import torch
    with torch.no_grad():
        out = torch.from_numpy(x)
        for layer in ref.values():
            out = layer(out)
    return out.numpy()


@pytest.mark.parametrize("style", ["subclassing", "sequential", "functional"])
def test_torch_cnn_to_keras_matches_torch(style, tmp_path):
    model = chain(TORCH_CNN, (None, 3, 9, 9), "torch")
    write = WriteOptions(target="keras", style=style, only_model=True)
    code = generate(model, write, Reporter())
    assert "LeakyReLU(negative_slope=0.2" in code and "import nnport" not in code  # slope always written
    generated = load_code(code, tmp_path)
    net = eval(plan_model(model, write).main.model_expr, vars(generated))
    x = np.random.default_rng(0).standard_normal((2, 3, 9, 9)).astype("float32")
    net(x)  # builds the layers
    ref = torch_reference()
    for ir_path, path in module_paths(model, write).items():
        kind = model.network.modules[ir_path].kind
        if ir_path in ref and list(ref[ir_path].parameters()):
            set_keras_weights(keras_layer(net, path), kind, canonical_weights_from_torch(ref[ir_path], kind))
    got = np.asarray(net(x))
    np.testing.assert_allclose(got, run_torch_reference(ref, x), atol=1e-5)


def keras_reference():
    import keras
    from keras import layers
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((8, 8, 2)),
                             layers.Conv2D(4, 3, strides=2, padding="same", activation="relu", name="conv2d"),
                             layers.Conv2D(3, 2, padding="same", name="conv2d_1"),
                             layers.Flatten(name="flatten"), layers.Dense(7, name="dense")])


@pytest.mark.parametrize("style", ["subclassing", "sequential"])
def test_keras_cnn_to_torch_pads_explicitly_and_flattens_in_source_order(style, tmp_path):
    import torch
    model = chain(KERAS_CNN, (None, 8, 8, 2), "keras")
    write = WriteOptions(target="torch", style=style, only_model=True)
    code = generate(model, write, Reporter())
    assert "nn.ZeroPad2d" in code  # TF 'same' with stride 2 pads (0, 1): torch cannot say it
    assert code.count("permute") == 2  # in at the first conv, out before Flatten
    net = eval(plan_model(model, write).main.model_expr, vars(load_code(code, tmp_path)))
    ref = keras_reference()
    for ir_path, path in module_paths(model, write).items():
        layer = ref.get_layer(ir_path) if ir_path in [l.name for l in ref.layers] else None
        kind = model.network.modules[ir_path].kind if layer is not None else None
        if layer is not None and layer.weights:
            set_torch_weights(net.get_submodule(path), kind, canonical_weights_from_keras(layer, kind))
    x = np.random.default_rng(1).standard_normal((3, 8, 8, 2)).astype("float32")
    with torch.no_grad():
        got = net.eval()(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(got, np.asarray(ref(x)), atol=1e-5)


def test_native_layout_takes_target_input_and_reports_flatten_order(tmp_path):
    model = chain(TORCH_CNN, (None, 3, 9, 9), "torch")
    write = WriteOptions(target="keras", style="sequential", layout="native", only_model=True)
    plan = plan_model(model, write)
    code = generate(model, write, Reporter())
    assert "Permute" not in code and "transpose" not in code
    assert "keras.Input(shape=(9, 9, 3))" in code
    order = plan.flatten_orders["fc"]
    assert order.source_roles == ("C", "H", "W") and order.target_roles == ("H", "W", "C") and order.reordered


def test_output_is_formatted_stable_and_deterministic():
    model = chain(KERAS_CNN, (None, 8, 8, 2), "keras")
    first = generate(model, WriteOptions(target="torch", only_model=True), Reporter())
    assert first == generate(model, WriteOptions(target="torch", only_model=True), Reporter())
    assert format_code(first) == first
    ast.parse(first)


def test_sequential_refused_for_a_branching_network():
    from nnport.ir import Node
    model = chain(TORCH_CNN[:2], (None, 3, 9, 9), "torch")
    graph = model.network.graph
    graph.nodes.insert(-1, Node("call_op", "add", ["x", "act_out"], ["sum"]))
    graph.output.inputs = ["sum"]
    graph.types["sum"] = graph.types["act_out"]
    with pytest.raises(NnportError, match="not a chain of layers .op 'add' does not read only the previous"):
        generate(model, WriteOptions(target="keras", style="sequential", only_model=True), Reporter())
    code = generate(model, WriteOptions(target="keras", only_model=True), Reporter())
    assert "= self.conv(" in code and " + " in code


def test_unsupported_kind_names_the_layer_and_place():
    model = chain([("c", "relu", {})], (None, 4), "keras")
    model.network.modules["c"].kind, model.network.modules["c"].attrs = "dynamic_activation", {"expr": "name"}
    from nnport.catalog import registry
    spelling = registry.kind("dynamic_activation").spelling("torch")
    object.__setattr__(spelling, "name", "nnport.missing_helper")
    try:
        with pytest.raises(NnportError, match=r"model.py:3:4: error: dynamic_activation 'c'"):
            generate(model, WriteOptions(target="torch", only_model=True), Reporter())
        reporter = Reporter()
        code = generate(model, WriteOptions(target="torch", only_model=True, allow_partial=True), reporter)
        assert 'raise NotImplementedError("nnport: "' in code and reporter.diagnostics[0].severity == "warning"
    finally:
        object.__setattr__(spelling, "name", "nnport.dynamic_activation")


@pytest.mark.parametrize("target", ["torch", "keras"])
def test_dynamic_activation_is_resolved_at_run_time(target, tmp_path):
    model = chain([("act", "dynamic_activation", {"expr": "ACTIVATION"})], (None, 4), "keras")
    code = generate(model, WriteOptions(target=target, only_model=True), Reporter())
    module = load_code("ACTIVATION = 'tanh'\n" + code, tmp_path)
    x = np.linspace(-2, 2, 8, dtype="float32").reshape(2, 4)
    got = eval(plan_model(model, WriteOptions(target=target, only_model=True)).main.model_expr, vars(module))
    if target == "torch":
        import torch
        out = got(torch.from_numpy(x)).numpy()
    else:
        out = np.asarray(got(x))
    np.testing.assert_allclose(out, np.tanh(x), atol=1e-6)
    with pytest.raises(ValueError, match="unknown activation 'nope'"):
        module._activation("nope")


def test_missing_input_shape_uses_lazy_torch_modules(tmp_path):
    import torch
    model = chain([("conv2d", "conv2d", {"out_channels": 4, "kernel_size": (3, 3)}),
                   ("flatten", "flatten", {}), ("dense", "linear", {"out_features": 2})], (None, 8, 8, 2), "keras")
    for node in model.network.graph.nodes:
        model.network.graph.types.clear()
    for module in model.network.modules.values():
        module.attrs.pop("in_channels", None), module.attrs.pop("in_features", None)
    model.network.modules["flatten"].attrs["start"] = 1
    reporter = Reporter()
    code = generate(model, WriteOptions(target="torch", only_model=True), reporter)
    assert "nn.LazyConv2d(4, 3)" in code and "nn.LazyLinear(2)" in code
    assert any("lazy" in d.message for d in reporter.diagnostics)
    net = load_code(code, tmp_path).Net()
    assert net(torch.zeros(1, 2, 8, 8)).shape == (1, 2)


def test_sequential_refused_for_a_recurrent_layer_says_it_returns_a_tuple():
    model = chain([("lstm", "lstm", {"hidden_size": 4, "return_sequences": True})], (None, 5, 3), "keras")
    with pytest.raises(NnportError, match="lstm 'lstm' returns a tuple of values, which a sequential container"):
        generate(model, WriteOptions(target="torch", style="sequential", only_model=True), Reporter())
