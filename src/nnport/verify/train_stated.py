"""The migrated weights whose training differs as the migration states (``backends.training.differences``):
their numbers are still reported, and the difference is said instead of failing the check. The Keras
side trains with dense gradients (``train_sides.dense_gradients``), so what only sparse gradients
make differ (an embedding under Adam on TensorFlow) is said in a note and compared."""
from __future__ import annotations

from ..backends.training.differences import stated
from ..weights import frameworks, pairing


def stated_weights(pivot, migrated_obj, framework: str, paths) -> dict[str, str]:
    """Migrated weight name (as ``train_sides.snapshot`` names it) -> why it trains otherwise."""
    by_module = {id(module): (weight, why) for module, weight, why in stated(pivot, dense_keras=True)}
    found: dict[str, str] = {}
    for layer in pairing.layers(pivot):
        if id(layer.module) not in by_module:
            continue
        weight, why = by_module[id(layer.module)]
        spelling = layer.kind.spelling(framework)
        names = [p.name for p in spelling.params if p.canonical == weight] if spelling else []
        names = names or [weight]  # weights converted by a hook (a recurrent layer's bias)
        path = paths.get(layer.path, layer.path) if paths else layer.path
        target = frameworks.resolve(migrated_obj, path, framework)
        if framework == "torch":
            found.update({f"{path}.{name}": why for name in names})
        else:
            found.update({v.path: why for v in target.weights if v.name in names})
    return found


def sparse_only(pivot) -> list[str]:
    """What differs only with TensorFlow's sparse gradients (verify compares it with dense ones)."""
    dense = {(id(m), w) for m, w, _why in stated(pivot, dense_keras=True)}
    return [f"{m.name}: {why}" for m, w, why in stated(pivot) if (id(m), w) not in dense]
