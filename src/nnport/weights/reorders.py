"""What the converter needs from the backend's plan of the migrated model.

* paths: IR module path -> path in the generated model object (the pairing contract);
* reorders: with ``--layout native`` a Flatten may run in the target's axis order; for each
  layer fed by such a Flatten, (sizes, source role order, target role order), so its input
  features can be reordered (``pairing.reorder_flattened``). With ``--layout source`` the
  migrated model flattens in the source's order and nothing moves;
* model_expr: the expression that builds the generated model (e.g. ``AlexNet()``);
* input_orders: the axis order each input of the migrated model takes (``--layout native`` moves
  channels, except where the first layer reading an input wants it otherwise).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..ir.graph import PivotModel
from ..options import WriteOptions


@dataclass
class TargetPlan:
    paths: dict[str, str]
    reorders: dict[str, tuple] = field(default_factory=dict)
    model_expr: str = ""
    input_orders: list = field(default_factory=list)  # axis roles of each input the migrated model takes
    output_roles: dict[str, tuple] = field(default_factory=dict)  # generated path -> roles of its output, in order


def target_plan(model: PivotModel, write: WriteOptions) -> TargetPlan:
    """The same planning the backends run when they write the code, so names always agree."""
    from ..backends import output_roles, plan_model

    plan = plan_model(model, write)
    reorders = {path: (tuple(order.sizes[r] for r in order.source_roles), order.source_roles, order.target_roles)
                for path, order in plan.flatten_orders.items() if order.reordered}
    return TargetPlan(plan.paths, reorders, plan.main.model_expr, plan.input_orders, output_roles(plan))


def target_paths(model: PivotModel, write: WriteOptions) -> dict[str, str]:
    """IR module path -> path in the generated model (``target_plan(...).paths``)."""
    return target_plan(model, write).paths


def flatten_reorders(model: PivotModel, write: WriteOptions) -> dict[str, tuple]:
    """IR module path -> (sizes, source role order, target role order) (``target_plan(...).reorders``)."""
    return target_plan(model, write).reorders
