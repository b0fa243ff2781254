"""Rendering: Python builds the context, the Jinja skeleton only places it.

The skeletons' own imports (torch, DataLoader, numpy, math in a schedule's formula, ...) are
those of the names the rendered code reads: a script without a validation split imports no
``Subset``, one whose schedule needs no ``math`` no ``math``."""
from __future__ import annotations

import ast
from pathlib import Path

import jinja2

from ...errors import Reporter
from ...ir.graph import PivotModel
from ...ir.training import Training
from ..spell import Imports
from . import Emitted
from .todo import todo_comments

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)


def render(model: PivotModel, target: str, model_expr: str, reporter: Reporter, planned: PivotModel) -> Emitted:
    from .data import input_type
    from .keras_code import keras_context
    from .torch_code import torch_context

    build = {"torch": torch_context, "keras": keras_context}[target]
    imports = Imports()
    training = model.training or Training()
    context = build(model, training, imports, reporter, input_type(planned))
    left_out = training.untranslated + [e for key in sorted(context) if key.startswith("left_out")
                                        for e in context.pop(key)]
    has = {"batch"} if context.get("batch_steps") else set()
    context["todo"] = todo_comments(left_out, target, has)
    code = TEMPLATES.get_template(f"{target}_training.py.j2").render(model_expr=model_expr, **context)
    import_used(code, imports)
    return Emitted(imports=imports.lines(), code=code)


# names the skeletons and the formulas they place read, with the import binding each
MODULES = {"torch": "import torch", "keras": "import keras", "np": "import numpy as np", "math": "import math",
           "bisect": "import bisect", "csv": "import csv", "os": "import os"}
FROM_MODULES = {"torch.utils.data": ("DataLoader", "Subset", "TensorDataset")}


def import_used(code: str, imports: Imports) -> None:
    """Adds the import of every name of MODULES / FROM_MODULES that ``code`` reads and does not bind."""
    tree = ast.parse(code)
    read, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add(node.asname or node.name.split(".")[0])
    free = read - bound
    for name, line in MODULES.items():
        if name in free:
            imports.add(line)
    for module, names in FROM_MODULES.items():
        used = [name for name in names if name in free]
        if used:
            imports.add(f"from {module} import {', '.join(used)}")


def monitor_mode(attrs: dict) -> str:
    """Keras 'auto': maximise accuracies, minimise everything else."""
    if attrs.get("mode", "auto") != "auto":
        return attrs["mode"]
    return "max" if "acc" in attrs.get("monitor", "") else "min"


def final_activation(model: PivotModel) -> str | None:
    """The kind producing the network's (single) output, e.g. "softmax"."""
    net = model.network
    outputs = net.graph.output.inputs
    producer = net.graph.producers().get(outputs[0]) if len(outputs) == 1 else None
    if producer is None:
        return None
    if producer.op == "call_module":
        return net.modules[producer.target].kind
    return producer.target if producer.op == "call_op" else None


def check_logits(model: PivotModel, training: Training, reporter: Reporter) -> None:
    """The loss's from_logits against the network's last layer (kept as the source had it)."""
    if training.loss is None or "from_logits" not in training.loss.attrs:
        return
    last, logits = final_activation(model), training.loss.attrs["from_logits"]
    if logits and last in ("softmax", "sigmoid"):
        reporter.warning(f"the network ends in {last} and the loss takes logits: the source applies {last} twice;"
                         " kept as written", training.loss.loc)
    elif not logits and last is not None and last not in ("softmax", "sigmoid"):
        reporter.warning(f"the loss expects probabilities but the network ends in {last}", training.loss.loc)
