"""Training and evaluation code appended to a migrated network, from the IR's training section."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import Reporter
from ...ir.graph import PivotModel


@dataclass
class Emitted:
    imports: list[str] = field(default_factory=list)
    code: str = ""


def training_code(model: PivotModel, target: str, model_expr: str, reporter: Reporter,
                  planned: PivotModel | None = None) -> Emitted:
    """Code that loads the data, trains ``model_expr`` and evaluates it, runnable as a script.
    ``planned`` is the layout-planned copy the network was written from: its input type is the
    layout the generated model takes (``--layout native`` changes it), which the data must follow."""
    from .render import render

    return render(model, target, model_expr, reporter, planned or model)
