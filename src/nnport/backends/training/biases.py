"""Recurrent layers whose PyTorch form adds two biases where Keras has one (LSTM, SimpleRNN: the
``keras_one_bias`` hook of the torch spelling names the second). Both get the same gradient, so
the sum moves twice as far per SGD step (and Adam steps each): migrated from Keras, the PyTorch
loop freezes the second bias, which the weight conversion leaves at zero; migrated from PyTorch,
the Keras optimizer steps its one bias twice (``catalog.families.training_biases``), except under
torch's L2 weight_decay, which differs between the two biases (said: ``differences``)."""
from __future__ import annotations

from ...catalog import registry
from ...catalog.schema import Kind
from ...ir.graph import Module, PivotModel


def catalog_modules(model: PivotModel) -> list[tuple[Module, Kind]]:
    """Every layer of every network of the model with its catalog kind (sub-networks left out)."""
    found = []
    for net in model.networks.values():
        for module in net.modules.values():
            try:
                found.append((module, registry.kind(module.kind)))
            except KeyError:  # a sub-network
                continue
    return found


def two_biases(model: PivotModel) -> list[tuple[str, str, Module]]:
    """(torch class, second bias prefix, module) of each recurrent layer with biases."""
    found = []
    for module, kind in catalog_modules(model):
        spelling = next((s for s in kind.spellings if s.framework == "torch" and "keras_one_bias" in s.hooks), None)
        if spelling is not None and module.attrs.get("bias", True):
            found.append((spelling.name, spelling.hooks["keras_one_bias"], module))
    return found


def two_biases_reason(l2: float) -> str:
    return (f"PyTorch trains two biases whose sum Keras holds as one; the Keras optimizer steps it twice, which "
            f"is PyTorch's step only without weight_decay: weight_decay={l2!r} adds each bias's own value to "
            "its gradient, so the sum is decayed otherwise")


def frozen_biases(model: PivotModel) -> list[tuple[str, str]]:
    """(torch class, parameter prefix) the PyTorch loop keeps out of training (source: Keras)."""
    if model.source.framework != "keras":
        return []
    return sorted({(cls, prefix) for cls, prefix, _m in two_biases(model)})


def keras_bias_suffixes(model: PivotModel) -> tuple[str, ...]:
    """Paths' endings of the Keras biases standing for two PyTorch ones (source: PyTorch)."""
    if model.source.framework != "torch":
        return ()
    hooks = (registry.kind(m.kind).spelling("torch").hooks for _c, _p, m in two_biases(model))
    return tuple(sorted({h["keras_cell_bias"] for h in hooks if "keras_cell_bias" in h}))
