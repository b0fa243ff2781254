"""Which layer outputs to compare: pairs of (source object, migrated object) per IR layer.

A Keras layer may carry its activation (``Conv2D(activation="relu")``) where the other side
has a separate activation: then the fused side's output is compared with the separate
activation's output, found through the IR graph (the activation is the layer's only user).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..catalog import registry
from ..errors import NnportError
from ..ir.graph import Network, PivotModel
from ..ir.types import TensorType
from ..weights import frameworks, pairing


@dataclass
class Probe:
    path: str  # the IR layer reported
    source: object
    target: object
    type: TensorType | None  # IR type (source layout) of the compared value
    unflatten: tuple | None = None  # native layout: the target flattened in its own order (see reorders)
    activate: tuple | None = None  # ("source" | "target", fn): that side's outputs get the fused activation


@dataclass
class _Site:
    type: TensorType | None
    activation: str | None  # IR path of the activation module that alone consumes the output
    activation_type: TensorType | None
    consumers: tuple[str, ...] = ()  # IR paths of the modules reading the output


def probes(source, migrated, model: PivotModel, paths: dict[str, str] | None,
           reorders: dict | None = None) -> tuple[list[Probe], dict]:
    """The pairs to record, in forward order, and the layers left out with the reason."""
    source_fw, target_fw = frameworks.framework_of(source), frameworks.framework_of(migrated)
    sites, found, skipped = _sites(model), [], {}
    top_part = {} if paths is None else {paths[l.path]: l.path for l in pairing.layers(model)
                                          if paths.get(l.path) is not None}  # fused activations have none
    for layer in pairing.layers(model):
        src = _resolve(source, layer.path, source_fw)
        target_path = layer.path if paths is None else paths.get(layer.path)
        if top_part.get(target_path, layer.path) != layer.path:
            skipped[layer.path] = "written as one module with the layers after it (compared at the last)"
            continue
        tgt = None if target_path is None else _resolve(migrated, target_path, target_fw)
        site = sites.get(layer.path, _Site(None, None, None))
        if src is None or tgt is None:
            if layer.kind.family != "activation":  # absent activations are fused into their layer
                skipped[layer.path] = f"no counterpart in the {'source' if src is None else 'migrated'} model"
            continue
        probe = _pair(layer.path, layer.kind, src, tgt, site, source, migrated, paths, source_fw, target_fw)
        if probe is None:
            skipped[layer.path] = "activation fused on one side, separate function on the other"
            continue
        reordered = [c for c in site.consumers if c in (reorders or {})]
        if reordered:
            probe.unflatten = reorders[reordered[0]]
        found.append(probe)
    return found, skipped


def _pair(path, kind, src, tgt, site, source, migrated, paths, source_fw, target_fw):
    fused_src, fused_tgt = _fused(src, kind), _fused(tgt, kind)
    if fused_src == fused_tgt:
        return Probe(path, src, tgt, site.type)
    if site.activation is None:  # the other side applies an op, not a layer: apply the fused one
        side, fused = ("target", src) if fused_src else ("source", tgt)
        return Probe(path, src, tgt, site.type, activate=(side, fused.activation))
    if fused_src:
        act_path = site.activation if paths is None else paths.get(site.activation)
        other = None if act_path is None else _resolve(migrated, act_path, target_fw)
        return None if other is None else Probe(path, src, other, site.activation_type)
    other = _resolve(source, site.activation, source_fw)
    return None if other is None else Probe(path, other, tgt, site.activation_type)


def _fused(layer, kind) -> bool:
    """A Keras layer applying a non-linear activation after its own computation, where its kind
    takes one (``Dense(activation=...)``; a GRU's ``activation`` is part of the cell)."""
    spelling = kind.spelling("keras")
    if spelling is None or spelling.fused_activation is None:
        return False
    activation = getattr(layer, spelling.fused_activation, None)
    return callable(activation) and getattr(activation, "__name__", "linear") not in ("linear", "identity")


def _resolve(model, path, framework):
    try:
        return frameworks.resolve(model, path, framework)
    except NnportError:
        return None


def _sites(model: PivotModel) -> dict[str, _Site]:
    found: dict[str, _Site] = {}

    def walk(net: Network, prefix: str):
        for node in net.module_calls():
            module, path = net.modules[node.target], prefix + node.target
            if module.kind == "network":
                walk(model.networks[module.attrs["network"]], path + ".")
                continue
            used = [v for v in node.outputs if v]
            if not used or path in found:
                continue
            after = _readers(model, net, used[0], prefix)
            act = after[0] if len(after) == 1 and after[0][1] is not None else None
            is_act = act is not None and registry.kind(act[0].modules[act[1].target].kind).family == "activation"
            consumers = tuple(p + u.target for _, u, p in after if u is not None)
            found[path] = _Site(net.graph.types.get(used[0]), act[2] + act[1].target if is_act else None,
                                act[0].graph.types.get(act[1].outputs[0]) if is_act else None, consumers)

    walk(model.network, "")
    return found


def _readers(model: PivotModel, net: Network, value: str, prefix: str) -> list[tuple]:
    """(network, layer node or None for an op / the output, path prefix) of each reader of
    ``value``; a sub-network call is entered, its layers reading that input stand for it."""
    out = []
    for user in net.graph.users().get(value, []):
        module = net.modules.get(user.target) if user.op == "call_module" else None
        if module is None:
            out.append((net, None, prefix))
        elif module.kind != "network":
            out.append((net, user, prefix))
        else:
            sub = model.networks[module.attrs["network"]]
            entries = [n.outputs[0] for n in sub.graph.inputs]
            for i, v in enumerate(user.inputs):
                if v == value and i < len(entries):
                    out += _readers(model, sub, entries[i], prefix + user.target + ".")
    return out
