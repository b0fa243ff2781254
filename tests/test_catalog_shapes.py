"""Shape rules and weight layouts against the real frameworks.

For one configuration per layer kind and tensor op, the catalog's shape rule must give the
shape the real torch module / function AND the real Keras layer / op compute (each built from
canonical attributes through the spelling's to_fw conversions, fed its own layout). For kinds
with weights, the canonical shapes must be the torch module's, and the Keras conversion must
give the Keras layer's shapes and come back exactly.
"""
import numpy as np
import pytest
import torch

import keras
from layer_builders import CALL_ARITY, SAMPLES, build, call, canonical_attrs, framework_kwargs, resolve_name
from nnport.catalog import registry
from nnport.ir.types import TensorType, channels_first, generic, sequence

# kind: (given attributes, PyTorch-layout input shape); kinds with weights come from SAMPLES
LAYERS = {
    **{f"{op}_pool{n}d": ({"kernel_size": (3,) * n, "stride": (2,) * n}, (2, 3, *(7, 8, 6)[:n]))
       for op in ("max", "avg") for n in (1, 2, 3)},
    **{f"global_{op}_pool{n}d": ({}, (2, 3, *(5, 6, 4)[:n])) for op in ("max", "avg") for n in (1, 2, 3)},
    **{f"adaptive_{op}_pool{n}d": ({"output_size": (2,) * n}, (2, 3, *(4, 6, 8)[:n]))
       for op in ("max", "avg") for n in (1, 2, 3)},
    **{f"dropout{n}d": ({"p": 0.3}, (2, 3, *(4, 5, 6)[:n])) for n in (1, 2, 3)},
    "dropout": ({"p": 0.3}, (2, 5)), "alpha_dropout": ({"p": 0.3}, (2, 5)), "flatten": ({}, (2, 3, 4, 5)),
    **{f"zero_pad{n}d": ({"pads": ((1, 2),) * n}, (2, 3, *(4, 5, 6)[:n])) for n in (1, 2, 3)},
    **{f"upsample{n}d": ({"scale_factor": (2,) * n}, (2, 3, *(4, 5, 3)[:n])) for n in (1, 2, 3)},
    "upsample": ({"scale_factor": 2.0}, (2, 3, 4, 5)),
    **{k.name: ({}, (2, 3, 4)) for k in registry.kinds() if k.family == "activation" and k.weights is None
       and not any(s.name.startswith("nnport.") for s in k.spellings)},
    "softmax": ({"axis": "C"}, (2, 3, 4)), "log_softmax": ({"axis": "C"}, (2, 3, 4)),
}
# written with keras.ops functions (no Keras layer): checked through that function
FUNCTION_LAYERS = {
    **{f"reflection_pad{n}d": ({"pads": ((1, 2),) * n}, (2, 3, *(4, 5, 6)[:n])) for n in (1, 2, 3)},
    **{f"constant_pad{n}d": ({"pads": ((1, 2),) * n, "value": 0.5}, (2, 3, *(4, 5, 6)[:n])) for n in (1, 2, 3)},
}
SEQUENCES = {"simple_rnn", "lstm", "gru", "multi_head_attention", "sized_head_attention", "embedding",
             "reversible_embedding", "linear", "layer_norm"}


def torch_type(kind_name, shape):
    if kind_name in SEQUENCES:
        return sequence(shape) if len(shape) <= 3 else generic(shape)
    return channels_first(shape)  # (N, C) for 2-D inputs


def sample(shape, kind_name, attrs):
    rng = np.random.default_rng(0)
    if "num_embeddings" in attrs:
        return rng.integers(0, attrs["num_embeddings"], size=shape)
    return rng.standard_normal(shape).astype(np.float32)


def first(out):
    return out[0] if isinstance(out, (tuple, list)) else out


def inferred_attrs(kind, given, x: TensorType):
    """Defaults, given values, integer axes as roles and inferred attributes, as shape inference does."""
    attrs = {**kind.defaults(), **given}
    for attr in kind.attrs:
        if attr.type == "axis" and isinstance(attrs.get(attr.name), int):
            attrs[attr.name] = x.roles[attrs[attr.name]]
    if kind.infer:
        attrs.update({k: v for k, v in kind.infer(attrs, [x]).items() if attrs.get(k) is None})
    return attrs


def positional(kind, attrs, x: TensorType):
    out = dict(attrs)
    for attr in kind.attrs:
        value = out.get(attr.name)
        if attr.type == "axis" and isinstance(value, str):
            out[attr.name] = x.axis(value) - x.rank
        elif attr.type == "axes" and isinstance(value, tuple):
            out[attr.name] = tuple(x.axis(v) - x.rank for v in value)
    return out


def layer_cases():
    names = {k.name for k in registry.kinds()}
    rows = {k: v for k, v in {**SAMPLES, **LAYERS}.items() if k in names}
    return [pytest.param(name, *rows[name], id=name) for name in sorted(rows)]


@pytest.mark.parametrize("kind_name, given, shape", layer_cases())
def test_shape_rule_matches_torch_and_keras_layers(kind_name, given, shape):
    kind = registry.kind(kind_name)
    attrs = inferred_attrs(kind, given, torch_type(kind_name, shape))
    arity = CALL_ARITY.get(kind_name, {}).get("torch", 1)  # the sample is every input, as call() feeds it
    expected = kind.shape(attrs, [torch_type(kind_name, shape)] * arity)
    x = sample(shape, kind_name, attrs)
    if kind_name in SEQUENCES:  # (N, T, C) in both frameworks: axes as positions, not channels-first roles
        attrs = positional(kind, attrs, torch_type(kind_name, shape))
    module, out = torch_result(kind, attrs, shape, x)
    assert out.shape == expected[0].shape
    layer, result = keras_result(kind, attrs, shape, x)
    assert result.shape == expected[0].shape
    if kind.weights is not None:
        check_weights(kind, attrs, module, layer)


def function_result(kind, framework, attrs, shape, x):
    """Where a framework has no layer: its function spelling (keras.activations.celu, torch.mean)."""
    spelling = kind.spelling(framework, "function")
    roles = torch_type(kind.name, shape).roles
    if framework == "keras" and spelling.layout == "last":
        x, roles = np.moveaxis(x, 1, -1), (roles[0], *roles[2:], roles[1])
    tensor = torch.from_numpy(x) if framework == "torch" else x
    out = resolve_name(spelling.name)(tensor, **framework_kwargs(kind.name, framework, attrs, spelling, roles))
    out = out.numpy() if framework == "torch" else keras.ops.convert_to_numpy(out)
    return np.moveaxis(out, -1, 1) if framework == "keras" and spelling.layout == "last" and out.ndim > 2 else out


def torch_result(kind, attrs, shape, x):
    if kind.spelling("torch", "layer") is None:
        return None, function_result(kind, "torch", attrs, shape, x)
    module = build(kind.name, "torch", attrs, shape).eval()
    with torch.no_grad():
        return module, first(call(module, kind.name, "torch", torch.from_numpy(x))).numpy()


def keras_result(kind, attrs, shape, x):
    """The Keras layer (and its output), or the keras.activations function where Keras has no layer."""
    if kind.spelling("keras", "layer") is None:
        return None, function_result(kind, "keras", attrs, shape, x)
    moves = kind.spelling("keras", "layer").layout == "last" and torch_type(kind.name, shape).roles[1:2] == ("C",)
    fed = np.moveaxis(x, 1, -1) if moves and x.ndim > 2 else x
    layer = build(kind.name, "keras", attrs, shape)
    out = keras.ops.convert_to_numpy(first(call(layer, kind.name, "keras", fed, training=False)))
    return layer, np.moveaxis(out, -1, 1) if moves and out.ndim > 2 else out


def check_weights(kind, attrs, module, layer):
    canonical_name = {p.name: p.canonical for p in kind.spelling("torch", "layer").params}
    state = {canonical_name.get(k, k): tuple(v.shape) for k, v in module.state_dict().items()
             if not k.endswith("num_batches_tracked")}
    assert {k: tuple(v) for k, v in kind.weights(attrs).items()} == state
    rng = np.random.default_rng(1)
    canonical = {k: rng.standard_normal(s).astype(np.float32) for k, s in kind.weights(attrs).items()}
    spelling = kind.spelling("keras", "layer")
    if "params_to_fw" in spelling.hooks:
        groups = spelling.hooks["params_to_fw"](canonical, attrs)
        real = {path: [w.shape for w in (layer if not path else layer.layers[int(path)]).get_weights()]
                for path in groups}
        assert {p: [a.shape for a in arrays] for p, arrays in groups.items()} == real
        back = spelling.hooks["params_from_fw"](groups, attrs)
    else:
        fw = {p.name: p.to_fw(canonical[p.canonical]) for p in spelling.params if p.canonical in canonical}
        assert {k: v.shape for k, v in fw.items()} == {w.name: tuple(w.shape) for w in layer.weights}
        back = {p.canonical: p.from_fw(fw[p.name]) for p in spelling.params if p.name in fw}
    for name, array in canonical.items():
        if name.startswith("bias_hh") and kind.name != "gru":  # one Keras bias holds b_ih + b_hh
            ih = name.replace("bias_hh", "bias_ih")
            np.testing.assert_allclose(back[ih] + back[name], canonical[ih] + array, rtol=1e-6)
        elif not name.startswith("bias_ih") or kind.name == "gru":
            np.testing.assert_array_equal(back[name], array)


@pytest.mark.parametrize("kind_name, given, shape",
                         [pytest.param(k, *v, id=k) for k, v in sorted(FUNCTION_LAYERS.items())])
def test_shape_rule_matches_layers_keras_writes_as_functions(kind_name, given, shape):
    kind = registry.kind(kind_name)
    attrs = canonical_attrs(kind_name, shape, **given)
    expected = kind.shape(attrs, [channels_first(shape)])[0].shape
    x = sample(shape, kind_name, attrs)
    assert tuple(build(kind_name, "torch", attrs, shape)(torch.from_numpy(x)).shape) == expected
    spelling = kind.spelling("keras", "function")
    kwargs = framework_kwargs(kind_name, "keras", attrs, spelling)
    out = resolve_name(spelling.name)(np.moveaxis(x, 1, -1), **kwargs)
    assert np.moveaxis(keras.ops.convert_to_numpy(out), -1, 1).shape == expected


def test_rescaling_expression_and_layer_agree():
    kind, attrs = registry.kind("rescaling"), {"scale": 0.5, "offset": 1.0}
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    torch_out = eval(kind.spelling("torch").hooks["expression"](attrs, "x"), {"x": torch.from_numpy(x)})
    keras_out = keras.ops.convert_to_numpy(build("rescaling", "keras", attrs)(x))
    np.testing.assert_allclose(torch_out.numpy(), keras_out)
    assert kind.shape(attrs, [generic((2, 3))])[0].shape == (2, 3)
