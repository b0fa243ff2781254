"""Training differences no translation removes, stated where they are written and by verify.

A layer kind's Keras spelling may carry a ``trains_differently(optimizer)`` hook: the canonical
weights Keras trains otherwise than PyTorch under that optimizer, and why (an embedding under
Adam on TensorFlow). PyTorch's two recurrent biases migrated to Keras' one (``biases``) are the
other case. Both writers warn; ``verify --train`` reports those weights as stated differences.
"""
from __future__ import annotations

from ...catalog.families.embedding import SPARSE
from ...errors import Reporter
from ...ir.graph import Module, PivotModel
from .biases import catalog_modules, two_biases, two_biases_reason


def stated(model: PivotModel, dense_keras: bool = False) -> list[tuple[Module, str, str]]:
    """(module, canonical weight, why) of every weight whose training differs across frameworks;
    ``dense_keras``: those left when Keras' gradients are dense (as on JAX or torch; verify makes them so)."""
    training = model.training
    optimizer = training.optimizer.kind if training and training.optimizer else "adam"
    found = []
    for module, kind in catalog_modules(model):
        keras = kind.spelling("keras")
        hook = keras.hooks.get("trains_differently") if keras else None
        found += [(module, weight, why) for weight, why in (hook(optimizer, module.attrs) if hook else [])
                  if not (dense_keras and SPARSE in why)]
    l2 = training.optimizer.attrs.get("weight_decay") if training and training.optimizer else None
    if model.source.framework == "torch" and l2:  # else stepped twice, exactly (biases)
        found += [(module, "bias", two_biases_reason(l2)) for _cls, _prefix, module in two_biases(model)]
    return found


def warn(model: PivotModel, reporter: Reporter) -> None:
    for module, _weight, why in stated(model):
        reporter.warning(f"{module.kind} '{module.name}': {why}", module.loc)
