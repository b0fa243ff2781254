"""Flatten row reorders for a migration in the target's native layout.

With ``--layout source`` the migrated model flattens in the source's axis order and no
weight moves. With ``--layout native`` the layout pass says, for each layer fed by a
Flatten, the axis order the target flattens in; the converter reorders that layer's input
features (``pairing.reorder_flattened``).
"""
from __future__ import annotations

from ..errors import NnportError
from ..ir.graph import PivotModel
from ..options import WriteOptions


def flatten_reorders(model: PivotModel, write: WriteOptions) -> dict:
    """IR module path -> (flattened sizes, source role order, target role order)."""
    if write.layout == "source":
        return {}
    try:
        from ..passes import layout
    except ModuleNotFoundError:
        raise NnportError("--layout native needs the layout pass (nnport.passes.layout), missing here") from None
    return layout.flatten_reorders(model, write)


def target_paths(model: PivotModel, write: WriteOptions) -> dict[str, str]:
    """IR module path -> path in the generated model, as the backend names it."""
    from ..backends.naming import module_paths

    return module_paths(model, write)
