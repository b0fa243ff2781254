"""Whether the model is what a training loop feeds the dataset's batches to.

A file may load MNIST and train a GAN: the discriminator reads the images, the generator reads
noise. A dataset's sample shape is the model's input only when a loop over batches calls the
model on the batch's inputs (``for images, labels in loader: ... model(images)``).
"""
from __future__ import annotations

import ast

from .source import SourceFile


def fed_batches(src: SourceFile, model_names: set[str]) -> bool:
    """False when loops over batches call the model, but never on the batch's inputs; True
    otherwise (also when no loop in the file calls the model by a name it is known by)."""
    calls_seen = False
    for loop in (n for n in src.walk() if isinstance(n, (ast.For, ast.AsyncFor))):
        data = _batch_inputs(loop.target, loop.iter)
        if data is None:
            continue
        for call in (n for n in ast.walk(loop) if isinstance(n, ast.Call) and _calls_model(n, model_names)):
            calls_seen = True
            if any(isinstance(a, ast.Name) and a.id == data for a in call.args):
                return True
    return not calls_seen


def _batch_inputs(target: ast.expr, iterable: ast.expr) -> str | None:
    """``images`` in ``for images, labels in loader`` or ``for i, (images, labels) in enumerate(loader)``."""
    if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id == "enumerate" \
            and isinstance(target, ast.Tuple) and len(target.elts) == 2:
        target = target.elts[1]
    if isinstance(target, ast.Tuple) and target.elts and isinstance(target.elts[0], ast.Name):
        return target.elts[0].id
    return None


def _calls_model(call: ast.Call, model_names: set[str]) -> bool:
    return isinstance(call.func, ast.Name) and call.func.id in model_names
