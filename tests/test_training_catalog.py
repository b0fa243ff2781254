"""Catalog conformance of the training components: every spelling exists in the installed
framework, its argument names are real parameters, and its defaults are the real defaults."""
import importlib
import inspect

import pytest

from nnport.catalog import registry
from nnport.catalog.families.training import implied
from nnport.catalog.schema import ABSENT

SPELLINGS = [(k.name, s) for k in registry.kinds(training=True) for s in k.spellings]


def resolve(name: str):
    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def written_class(spelling):
    """A class nnport writes into the migrated file (``nnport.helpers.*``): run its code."""
    if not spelling.name.startswith("nnport.helpers."):
        return None
    import math

    import keras

    name, code = spelling.hooks["emulate"]({})
    namespace = {"keras": keras, "math": math}
    exec(code, namespace)  # noqa: S102 - nnport's own template code
    return namespace[name]


def keras_string(name: str, family: str):
    import keras

    getter = {"optimizer": keras.optimizers.get, "loss": keras.losses.get, "metric": keras.metrics.get}[family]
    return getter(name)


@pytest.mark.parametrize("kind,spelling", [(k, s) for k, s in SPELLINGS if s.form != "string"],
                         ids=lambda v: getattr(v, "name", v))
def test_spelling_exists_with_real_argument_names_and_defaults(kind, spelling):
    params = inspect.signature(written_class(spelling) or resolve(spelling.name)).parameters
    for arg in spelling.args:
        assert arg.name in params, f"{spelling.name} has no argument {arg.name}"
        real = params[arg.name].default
        if arg.attr is not None and arg.default is not ABSENT and real is not inspect.Parameter.empty:
            assert arg.default == real, f"{spelling.name}({arg.name}) defaults to {real!r}, not {arg.default!r}"
    names = list(params)
    assert names[: len(spelling.positional)] == list(spelling.positional)


@pytest.mark.parametrize("kind,spelling", [(k, s) for k, s in SPELLINGS if s.form == "string"],
                         ids=lambda v: getattr(v, "name", v))
def test_keras_strings_resolve_to_the_class_of_the_kind(kind, spelling):
    entry = registry.kind(kind)
    if kind == "accuracy":  # resolved by compile() from the loss, not by keras.metrics.get
        return assert_compile_accepts_metric(spelling.name)
    resolved = keras_string(spelling.name, entry.family)
    layer = entry.spelling("keras", "layer")
    if layer is not None and inspect.isclass(resolved):
        assert type(resolved).__name__ == layer.name.rsplit(".", 1)[1] or isinstance(resolved, resolve(layer.name))
    elif layer is not None and not inspect.isclass(resolve(layer.name)):
        pytest.fail(f"{layer.name} is not a class")


def assert_compile_accepts_metric(name):
    import keras
    import numpy as np

    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", metrics=[name])
    logs = model.evaluate(np.zeros((4, 2)), np.zeros(4), verbose=0, return_dict=True)
    assert any(key in logs for key in ("accuracy", "acc", "compile_metrics")), logs


def test_keras_string_defaults_are_keras_defaults_not_torch_ones():
    """compile(optimizer="adam") means epsilon 1e-7: the string binds like the class with no arguments."""
    kind, spelling = registry.lookup("keras", "string", "adam")
    eps = spelling.arg("epsilon")
    assert eps.from_fw(eps.default) == 1e-7 and kind.attr("eps").default == 1e-8


def test_torch_loss_classes_state_what_they_are_applied_to():
    assert implied(registry.lookup("torch", "layer", "torch.nn.BCEWithLogitsLoss")[1]) == {"from_logits": True}
    assert implied(registry.lookup("torch", "layer", "torch.nn.BCELoss")[1]) == {"from_logits": False}
    assert registry.lookup("torch", "layer", "torch.nn.BCELoss")[0].name == "binary_cross_entropy"
    assert registry.lookup("torch", "function", "torch.nn.functional.cross_entropy")[0].name == "cross_entropy"


def test_keras_betas_bind_into_the_canonical_pair():
    _, spelling = registry.lookup("keras", "layer", "keras.optimizers.Adam")
    assert spelling.hooks["bind"]({"lr": 0.1, "beta_1": 0.8, "beta_2": 0.99}) == {"lr": 0.1, "betas": (0.8, 0.99)}
    assert spelling.hooks["write"]({"betas": (0.8, 0.99)}) == {"beta_1": 0.8, "beta_2": 0.99}


def test_every_training_kind_is_in_a_training_family():
    from nnport.catalog.schema import TRAINING_FAMILIES

    assert {k.family for k in registry.kinds(training=True)} <= set(TRAINING_FAMILIES)
    assert len(registry.kinds(training=True)) >= 25


def test_binding_applies_implied_meanings_and_merges_betas():
    import ast

    from nnport.frontends.common.binding import bind_call

    def bind(framework, name, source):
        _, spelling = registry.lookup(framework, "layer", name)
        call = ast.parse(source, mode="eval").body
        return bind_call(spelling, call, lambda expr, _name: ast.literal_eval(expr)).attrs

    assert bind("torch", "torch.nn.BCEWithLogitsLoss", "f()")["from_logits"] is True
    attrs = bind("keras", "keras.optimizers.Adam", "f(learning_rate=0.01, beta_2=0.98)")
    assert attrs["betas"] == (0.9, 0.98) and attrs["eps"] == 1e-7 and "beta_1" not in attrs
