"""Build a test model with Keras and compare it with nnport's pivot model, layer by layer."""
import importlib.util
import math
from pathlib import Path

import numpy as np

from nnport import api
from nnport.catalog import registry
from nnport.errors import Reporter
from nnport.passes.shapes import infer_shapes

MODELS = Path(__file__).parent / "models" / "keras"


def pivot_of(path):
    reporter = Reporter()
    model = api.load(path, reporter=reporter)
    infer_shapes(model, reporter, specialise=False)  # the kinds as read
    return model, reporter


def keras_model_of(path):
    import keras
    keras.backend.clear_session()  # fresh automatic names, as nnport assumes
    spec = importlib.util.spec_from_file_location(f"kmodel_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("model", "autoencoder"):
        if hasattr(module, name):
            return getattr(module, name)
    raise AssertionError(f"{path.name} defines no model")


def keras_hook(kind, name):
    spelling = kind.spelling("keras", "layer")
    return spelling.hooks.get(name) if spelling else None


def param_count(pivot, network, module) -> int:
    if module.kind == "network":
        sub = pivot.networks[module.attrs["network"]]
        return sum(param_count(pivot, sub, m) for m in sub.modules.values())
    kind = registry.kind(module.kind)
    shapes = kind.weights(module.attrs) if kind.weights else {}
    to_keras = keras_hook(kind, "params_to_fw") if shapes else None
    if to_keras is not None:  # Keras stores some weights differently (one LSTM bias where PyTorch has two)
        groups = to_keras({k: np.zeros(s, "float32") for k, s in shapes.items()}, module.attrs)
        return sum(a.size for arrays in groups.values() for a in arrays)
    return sum(math.prod(s) for s in shapes.values())


def keras_layer(model, network, name):
    if network.style == "subclassing":
        attr, _, index = name.rpartition("_")
        if hasattr(model, name):
            return getattr(model, name)
        return getattr(model, attr)[int(index)]
    return model.get_layer(name)


def record_outputs(layers):
    """Wrap each layer's call to record the shape of what it returns."""
    seen = {}
    for name, layer in layers.items():
        original = layer.call

        def call(*args, _original=original, _name=name, **kwargs):
            out = _original(*args, **kwargs)
            first = out[0] if isinstance(out, (list, tuple)) else out
            seen.setdefault(_name, tuple(first.shape))
            return out
        object.__setattr__(layer, "call", call)
    return seen


def first_result(network, node) -> str:
    """The value of what the Keras call returns first (a recurrent layer may return its states after)."""
    module = network.modules[node.target]
    kind = None if module.kind == "network" else registry.kind(module.kind)
    returned = keras_hook(kind, "returned_outputs") if kind else None
    if returned is not None:
        return node.outputs[kind.outputs.index(returned(module.attrs)[0][0])]
    return next(v for v in node.outputs if v)


def first_result_type(network, node):
    """The type of ``first_result``; an output the network does not read is unnamed (""), so its
    type comes from the kind's shape rule."""
    value = first_result(network, node)
    if value:
        return network.graph.types[value]
    module = network.modules[node.target]
    kind = registry.kind(module.kind)
    types = kind.shape(module.attrs, [network.graph.types[v] for v in node.inputs])
    first = keras_hook(kind, "returned_outputs")(module.attrs)[0][0]
    return types[kind.outputs.index(first)]


def merged(layer, shape):
    """Keras Bidirectional merge modes but concat return one direction's width (the pivot model's
    module keeps both directions concatenated, the merge is ops after it)."""
    return shape[:-1] + (shape[-1] // 2,) if getattr(layer, "merge_mode", "concat") != "concat" else shape


def sample_inputs(network):
    arrays = []
    for node in network.graph.inputs:
        t = network.graph.types[node.outputs[0]]
        shape = tuple(2 if i == 0 else (7 if d is None else d) for i, d in enumerate(t.shape))
        rng = np.random.default_rng(0)
        arrays.append(rng.integers(0, 10, shape).astype(t.dtype) if t.dtype.startswith("int")
                      else rng.random(shape, dtype="float32"))
    return arrays


def compare(path):
    pivot, reporter = pivot_of(path)
    assert not reporter.errors, "\n".join(map(str, reporter.diagnostics))
    kmodel = keras_model_of(path)
    net = pivot.network
    layers = {name: keras_layer(kmodel, net, name) for name in net.modules}
    seen = record_outputs(layers)
    inputs = sample_inputs(net)
    kmodel(inputs if len(inputs) > 1 else inputs[0], training=False)
    for name, module in net.modules.items():
        assert param_count(pivot, net, module) == layers[name].count_params(), name
    for node in net.module_calls():
        ir = first_result_type(net, node)
        expected = merged(layers[node.target], tuple(2 if i == 0 else d for i, d in enumerate(ir.shape)))
        got = tuple(None if e is None else g for g, e in zip(seen[node.target], expected))
        assert got == expected, f"{node.target}: keras {seen[node.target]} vs nnport {ir}"
    return pivot
