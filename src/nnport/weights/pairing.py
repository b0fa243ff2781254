"""Model-level conversion: pair layers through the pivot model's module paths.

Source layers are found by their IR module path; target layers by the path the backend
gave them (``nnport.backends.naming.module_paths``). Converting a whole model is then a
loop over the IR's layers with parameters or state, with no knowledge of any layer kind.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..catalog import registry
from ..catalog.schema import Kind
from ..errors import NnportError
from ..ir.graph import Module, Network, PivotModel
from . import engine, frameworks

Canonical = dict[str, dict[str, np.ndarray]]  # IR module path -> canonical weights


@dataclass(frozen=True)
class Layer:
    path: str  # IR module path, dot-joined across sub-networks
    module: Module
    kind: Kind

    @property
    def label(self) -> str:
        where = f" ({self.module.loc})" if self.module.loc else ""
        return f"layer {self.path!r} [{self.kind.name}]{where}"

    @property
    def has_weights(self) -> bool:
        return bool(engine.expected_shapes(self.kind, self.module.attrs))


def layers(model: PivotModel) -> list[Layer]:
    """Every catalog layer of the main network and its sub-networks, in forward order."""
    found: dict[str, Layer] = {}
    _walk(model, model.network, "", found)
    return list(found.values())


def _walk(model: PivotModel, net: Network, prefix: str, found: dict) -> None:
    called = [n.target for n in net.module_calls()]
    for name in dict.fromkeys(called + list(net.modules)):  # called first, then unused ones
        module, path = net.modules[name], f"{prefix}{name}"
        if module.kind == "network":
            _walk(model, model.networks[module.attrs["network"]], f"{path}.", found)
        elif path not in found:
            found[path] = Layer(path, module, registry.kind(module.kind))


def read_model(obj, model: PivotModel, paths: dict[str, str] | None = None) -> Canonical:
    """Canonical weights of every layer with parameters or state of a built model object."""
    framework = frameworks.framework_of(obj)
    out: Canonical = {}
    for layer in (l for l in layers(model) if l.has_weights):
        target = frameworks.resolve(obj, _path(layer, paths), framework)
        out[layer.path] = engine.to_canonical(target, framework, layer.kind, layer.module.attrs, layer.label)
    return out


def write_model(obj, model: PivotModel, weights: Canonical, paths: dict[str, str] | None = None,
                reorders: dict | None = None) -> None:
    """Assign canonical weights to a built model object; every weighted layer must be given."""
    framework = frameworks.framework_of(obj)
    expected = [l for l in layers(model) if l.has_weights]
    extra = sorted(set(weights) - {l.path for l in expected})
    if extra:
        raise NnportError(f"weights given for layers the model does not have: {extra}")
    groups: dict[str, list[Layer]] = {}
    for layer in expected:
        if layer.path not in weights:
            raise NnportError(f"{layer.label}: no weights given for it")
        groups.setdefault(_path(layer, paths), []).append(layer)
    for target_path, parts in groups.items():
        canonicals = [reorder_for(l.path, weights[l.path], reorders or {}) for l in parts]
        attrs, canonical = merged_weights(parts, canonicals, framework)
        target = frameworks.resolve(obj, target_path, framework)
        engine.from_canonical(target, framework, parts[0].kind, attrs, canonical, parts[0].label)


def merged_weights(parts: list[Layer], canonicals: list[dict], framework: str) -> tuple[dict, dict]:
    """Layers written as one module (the spelling's ``merge_stack`` hook): its attributes, and
    the parts' weights renamed in order (the catalog lists weights part by part)."""
    if len(parts) == 1:
        return parts[0].module.attrs, canonicals[0]
    hook = engine.spelling_for(parts[0].kind, framework).hooks.get("merge_stack")
    attrs = hook([l.module.attrs for l in parts]) if hook else None
    if attrs is None:
        raise NnportError(f"{parts[0].label}: {len(parts)} layers map to one module that cannot hold them")
    values = [c[name] for part, c in zip(parts, canonicals) for name in engine.expected_shapes(part.kind,
                                                                                                part.module.attrs)]
    return attrs, dict(zip(engine.expected_shapes(parts[0].kind, attrs), values))


def copy_weights(source, target, model: PivotModel, target_paths: dict[str, str] | None = None,
                 reorders: dict | None = None) -> Canonical:
    """Source model object -> canonical -> target model object; returns the canonical weights."""
    weights = read_model(source, model)
    write_model(target, model, weights, target_paths, reorders)
    return weights


def _path(layer: Layer, paths: dict[str, str] | None) -> str:
    if paths is None:
        return layer.path
    if layer.path not in paths:
        raise NnportError(f"{layer.label}: the migrated model has no counterpart for it")
    return paths[layer.path]


def reorder_for(path: str, canonical: dict, reorders: dict) -> dict:
    """Apply a Flatten reorder (see ``reorder_flattened``) to the layer's input weight."""
    if path not in reorders:
        return canonical
    sizes, source_roles, target_roles = reorders[path]
    return {**canonical, "weight": reorder_flattened(canonical["weight"], sizes, source_roles, target_roles)}


def reorder_flattened(weight: np.ndarray, sizes, source_roles, target_roles) -> np.ndarray:
    """Reorder axis 1 (input features, PyTorch convention) of a weight that follows a Flatten.

    The source flattened axes ``source_roles`` of ``sizes``; the target flattens the same axes
    in ``target_roles`` order, so target feature j must read source feature index[j].
    """
    return np.ascontiguousarray(weight[:, flatten_index(sizes, source_roles, target_roles)])


def flatten_index(sizes, source_roles, target_roles) -> np.ndarray:
    """For each flattened feature of the target, its index among the source's flattened features."""
    index = np.arange(int(np.prod(sizes))).reshape(tuple(sizes))
    return np.transpose(index, [list(source_roles).index(r) for r in target_roles]).reshape(-1)
