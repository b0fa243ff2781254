"""Per kind, table-driven over the catalog: random torch weights -> canonical -> Keras ->
canonical -> torch, and the two layers compute the same outputs (within 1e-5).

Exactness: Keras -> canonical -> Keras is the identity; torch -> ... -> torch is the identity
except where Keras stores less (LSTM/RNN keep b_ih + b_hh as one bias), where the rebuilt torch
layer must still compute the same function.
"""
import numpy as np
import pytest

from nnport.catalog import registry
from nnport.weights import engine
from layer_builders import (SAMPLES, STACKED_SAMPLES, build, call, canonical_attrs, from_framework_layout,
                            random_torch_weights, to_framework_layout)

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

WEIGHTED = sorted(k.name for k in registry.kinds() if k.weights)
CASES = [pytest.param(k, SAMPLES, id=k) for k in WEIGHTED if k in SAMPLES] + \
    [pytest.param(k, STACKED_SAMPLES, id=f"{k}-stacked") for k in WEIGHTED if k in STACKED_SAMPLES]


def test_every_kind_with_weights_has_a_sample_row():
    cells = {k.name for k in registry.kinds() if any("scan_step" in s.hooks for s in k.spellings)}
    assert [name for name in WEIGHTED if name not in SAMPLES and name not in cells] == []  # cells: test_time_loops


def sample_input(attrs, shape, seed=0):
    rng = np.random.default_rng(seed)
    if "num_embeddings" in attrs:  # token ids
        return rng.integers(0, attrs["num_embeddings"], size=shape)
    return rng.standard_normal(shape).astype(np.float32)


def torch_output(module, kind_name, x):
    module.eval()
    with torch.no_grad():
        out = call(module, kind_name, "torch", torch.from_numpy(x))
    return (out[0] if isinstance(out, tuple) else out).numpy()  # RNN: the sequence; attention: values


def keras_output(layer, kind_name, x):
    out = call(layer, kind_name, "keras", to_framework_layout(x, kind_name, "keras"), training=False)
    return from_framework_layout(keras.ops.convert_to_numpy(out), kind_name, "keras")


def keras_layer(kind_name, attrs, x, shape):
    layer = build(kind_name, "keras", attrs, shape)
    keras_output(layer, kind_name, x)  # creates the Keras weights
    return layer


@pytest.mark.parametrize("kind_name, table", CASES)
def test_weights_round_trip_and_outputs_match(kind_name, table):
    kind = registry.kind(kind_name)
    given, shape = table[kind_name]
    attrs = canonical_attrs(kind_name, shape, **given)
    x = sample_input(attrs, shape)
    source = build(kind_name, "torch", attrs, shape)
    random_torch_weights(source)
    target = keras_layer(kind_name, attrs, x, shape)

    canonical = engine.to_canonical(source, "torch", kind, attrs, kind_name)
    engine.from_canonical(target, "keras", kind, attrs, canonical, kind_name)
    back = engine.to_canonical(target, "keras", kind, attrs, kind_name)
    assert sorted(back) == sorted(canonical)
    again_keras = keras_layer(kind_name, attrs, x, shape)
    engine.from_canonical(again_keras, "keras", kind, attrs, back, kind_name)
    for mine, theirs in zip(again_keras.get_weights(), target.get_weights()):
        np.testing.assert_array_equal(mine, theirs)  # Keras -> canonical -> Keras is exact

    again = build(kind_name, "torch", attrs, shape)
    engine.from_canonical(again, "torch", kind, attrs, back, kind_name)
    lossless = all(np.array_equal(back[k], canonical[k]) for k in canonical)
    expected = torch_output(source, kind_name, x)
    np.testing.assert_allclose(torch_output(again, kind_name, x), expected, atol=0 if lossless else 1e-6, rtol=0)
    np.testing.assert_allclose(keras_output(target, kind_name, x), expected, atol=1e-5, rtol=0)


def test_a_shape_mismatch_names_the_layer_and_both_shapes():
    attrs = canonical_attrs("linear", in_features=6, out_features=4)
    canonical = {"weight": np.zeros((4, 5), np.float32), "bias": np.zeros(4, np.float32)}
    with pytest.raises(Exception, match=r"fc1.*'weight' has shape \(4, 5\), expected \(4, 6\)"):
        engine.from_canonical(build("linear", "torch", attrs), "torch", registry.kind("linear"), attrs,
                              canonical, "layer 'fc1'")


def test_missing_and_extra_weights_are_named():
    attrs = canonical_attrs("linear", in_features=6, out_features=4)
    with pytest.raises(Exception, match=r"missing \['bias'\], unexpected \['gamma'\]"):
        engine.from_canonical(build("linear", "torch", attrs), "torch", registry.kind("linear"), attrs,
                              {"weight": np.zeros((4, 6), np.float32), "gamma": np.zeros(4)}, "fc1")
