"""The generic converter: one layer's framework weights <-> canonical numpy weights.

Driven only by the catalog: ``Kind.weights(attrs)`` gives the canonical names and shapes
(PyTorch layout), each ``Spelling.params`` maps framework names to canonical ones. Where a
framework does not map one-to-one (LSTM biases, Keras layers per RNN layer, Bidirectional)
the spelling has two hooks instead:

  hooks["params_to_fw"](canonical: dict[str, ndarray], attrs) -> dict[str, ...]
  hooks["params_from_fw"](framework: dict[str, ...], attrs) -> dict[str, ndarray]

where the framework dict is keyed by torch ``state_dict`` name (values: arrays) or by Keras
sub-layer path relative to the layer, ``""`` for the layer itself (values: the
``get_weights()`` list). A spelling with neither params nor hooks uses canonical names.
"""
from __future__ import annotations

import numpy as np

from ..catalog.schema import Kind, Spelling
from ..errors import NnportError
from . import frameworks

TO_FW, FROM_FW = "params_to_fw", "params_from_fw"


def expected_shapes(kind: Kind, attrs: dict) -> dict[str, tuple[int, ...]]:
    if kind.weights is None:
        return {}
    try:
        return {k: tuple(v) for k, v in kind.weights(attrs).items()}
    except (KeyError, TypeError) as exc:
        raise NnportError(f"{kind.name}: weight shapes unknown from attributes {attrs} ({exc})") from None


def spelling_for(kind: Kind, framework: str) -> Spelling:
    """The layer spelling (weights live in layers); NnportError when the framework has none."""
    spelling = kind.spelling(framework, "layer") or kind.spelling(framework)
    if spelling is None:
        raise NnportError(f"{kind.name}: no {framework} spelling in the catalog")
    return spelling


def to_canonical(layer, framework: str, kind: Kind, attrs: dict, label: str) -> dict[str, np.ndarray]:
    """Read ``layer``'s weights into canonical names and layout, checked against the catalog."""
    spelling, expected = spelling_for(kind, framework), expected_shapes(kind, attrs)
    if not expected:
        return {}
    if FROM_FW in spelling.hooks:
        groups = frameworks.read_groups(layer, framework, _hook_keys(spelling, expected, attrs), label)
        canonical = spelling.hooks[FROM_FW](groups, attrs)
    else:
        canonical = _from_params(spelling, frameworks.read_arrays(layer, framework, label), expected, label)
    check_canonical(canonical, expected, label, carried(spelling, expected))
    return canonical


def from_canonical(layer, framework: str, kind: Kind, attrs: dict, canonical: dict, label: str) -> None:
    """Write canonical weights into ``layer`` (built already), converting names and layout."""
    spelling, expected = spelling_for(kind, framework), expected_shapes(kind, attrs)
    names = carried(spelling, expected)
    check_canonical(canonical, expected, label, names)
    canonical = {k: v for k, v in canonical.items() if k in names}
    if not expected:
        return
    if TO_FW in spelling.hooks:
        frameworks.write_groups(layer, framework, spelling.hooks[TO_FW](canonical, attrs), label)
        return
    frameworks.write_arrays(layer, framework, _to_params(spelling, canonical), label)


def carried(spelling: Spelling, expected: dict) -> set[str]:
    """The canonical weights this spelling stores: all but state it has no slot for
    (PyTorch's BatchNorm ``num_batches_tracked`` counter has no Keras counterpart)."""
    if spelling.params and TO_FW not in spelling.hooks:
        return {p.canonical for p in spelling.params} & set(expected)
    return {n for n in expected if n.split(".")[-1] not in frameworks.SKIPPED_TORCH_STATE}


def check_canonical(canonical: dict, expected: dict, label: str, required=None) -> None:
    required = set(expected) if required is None else set(required)
    missing, extra = sorted(required - set(canonical)), sorted(set(canonical) - set(expected))
    if missing or extra:
        raise NnportError(f"{label}: canonical weights missing {missing}, unexpected {extra}")
    for name, shape in expected.items():
        if name in canonical and tuple(np.shape(canonical[name])) != shape:
            raise NnportError(f"{label}: weight {name!r} has shape {tuple(np.shape(canonical[name]))}, "
                              f"expected {shape} from the layer's attributes")


def _from_params(spelling: Spelling, arrays: dict, expected: dict, label: str) -> dict[str, np.ndarray]:
    params = [p for p in _params(spelling, expected) if p.canonical in expected]
    missing = [p.name for p in params if p.name not in arrays]
    extra = sorted(set(arrays) - {p.name for p in params})
    if missing or extra:
        raise NnportError(f"{label}: {spelling.name} weights do not match the catalog "
                          f"(missing {missing}, unexpected {extra})")
    return {p.canonical: np.asarray(p.from_fw(arrays[p.name])) for p in params}


def _to_params(spelling: Spelling, canonical: dict) -> dict[str, np.ndarray]:
    return {p.name: np.asarray(p.to_fw(canonical[p.canonical]))
            for p in _params(spelling, canonical) if p.canonical in canonical}


def _params(spelling: Spelling, expected: dict):
    if spelling.params:
        return spelling.params
    from ..catalog.schema import Param

    return tuple(Param(name, name) for name in sorted(carried(spelling, expected)))  # canonical names


def _hook_keys(spelling: Spelling, expected: dict, attrs: dict):
    """Which framework keys the hooks use: ask ``params_to_fw`` with zero weights."""
    zeros = {name: np.zeros(shape, np.float32) for name, shape in expected.items()}
    zeros = {k: v for k, v in zeros.items() if k in carried(spelling, expected)}
    return list(spelling.hooks[TO_FW](zeros, attrs))
