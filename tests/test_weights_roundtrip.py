"""Per kind, table-driven over the catalog: weights torch -> canonical -> Keras -> canonical ->
torch are exactly equal, and the two layers compute the same outputs (within 1e-5)."""
import numpy as np
import pytest

from nnport.catalog import registry
from nnport.weights import engine
from layer_builders import (SAMPLES, build, canonical_attrs, from_framework_layout, random_torch_weights,
                            to_framework_layout)

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

WEIGHTED = sorted(k.name for k in registry.kinds() if k.weights)


def test_every_kind_with_weights_has_a_sample_row():
    assert [name for name in WEIGHTED if name not in SAMPLES] == []


def sample_input(kind_name, shape, seed=0):
    rng = np.random.default_rng(seed)
    attrs = SAMPLES[kind_name][0]
    if "num_embeddings" in attrs:  # token ids
        return rng.integers(0, attrs["num_embeddings"], size=shape)
    return rng.standard_normal(shape).astype(np.float32)


def built_pair(kind_name):
    given, shape = SAMPLES[kind_name]
    attrs = canonical_attrs(kind_name, shape, **given)
    x = sample_input(kind_name, shape)
    source = build(kind_name, "torch", attrs, shape)
    random_torch_weights(source)
    target = build(kind_name, "keras", attrs, shape)
    target(to_framework_layout(x, kind_name, "keras"))  # creates the Keras weights
    return attrs, x, source, target


def torch_state(module):
    return {k: v.detach().numpy().copy() for k, v in module.state_dict().items()}


@pytest.mark.parametrize("kind_name", [k for k in WEIGHTED if k in SAMPLES])
def test_weights_round_trip_exactly_and_outputs_match(kind_name):
    kind = registry.kind(kind_name)
    attrs, x, source, target = built_pair(kind_name)
    canonical = engine.to_canonical(source, "torch", kind, attrs, kind_name)
    engine.from_canonical(target, "keras", kind, attrs, canonical, kind_name)
    back = engine.to_canonical(target, "keras", kind, attrs, kind_name)
    assert sorted(back) == sorted(canonical)
    for name in canonical:
        np.testing.assert_array_equal(back[name], canonical[name], err_msg=name)

    again = build(kind_name, "torch", attrs, SAMPLES[kind_name][1])
    engine.from_canonical(again, "torch", kind, attrs, back, kind_name)
    for name, value in torch_state(source).items():
        if not name.endswith("num_batches_tracked"):
            np.testing.assert_array_equal(torch_state(again)[name], value, err_msg=name)

    source.eval()
    with torch.no_grad():
        expected = source(torch.from_numpy(x)).numpy()
    got = keras.ops.convert_to_numpy(target(to_framework_layout(x, kind_name, "keras"), training=False))
    np.testing.assert_allclose(from_framework_layout(got, kind_name, "keras"), expected, atol=1e-5, rtol=0)
