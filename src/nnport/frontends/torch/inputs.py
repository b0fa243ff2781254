"""The model's input types: ``--input-shape``, a dummy call in the file (``model(torch.randn(1, 3,
32, 32))``, ``torch.randint`` for token ids), ``summary(model, input_size)``, or a known dataset."""
from __future__ import annotations

import ast
from math import prod

from ...catalog.datasets import SAMPLES
from ...ir.graph import Network
from ...ir.types import BATCH, CHANNEL, TIME, TensorType, channels_first, generic, sequence
from ..common import NotConstant, Scope, evaluate
from ..common.samples import reshaped
from ...passes.roles import channel_layout
from .source import SourceFile

TENSOR_FACTORIES = {"torch.randn": "float32", "torch.rand": "float32", "torch.zeros": "float32",
                    "torch.ones": "float32", "torch.empty": "float32", "torch.randint": "int64"}
TOKEN_CONSUMERS = {"embedding"}  # a shape given for their input describes token ids (N, T)


def input_types(src: SourceFile, net: Network, model_names: set[str], given, dataset: str | None,
                batch_steps=()):
    """([(shape, dtype)] per network input, where it came from), or (None, "") where nothing in
    the file says. A dataset's samples go through the training loop's per-batch code first."""
    if given:
        return [(tuple(given), "float32")], "given: --input-shape"
    finders = ((lambda: _dummy_call(src, model_names), "stated: an example call of the model"),
               (lambda: _summary(src, model_names), "stated: a summary(model, input_size) call"),
               (lambda: _tensor_dataset(src), "stated: the tensors of a TensorDataset"),
               (lambda: _dataset(dataset, batch_steps), f"stated: the {dataset} dataset's samples"
                + (" after the per-batch code" if batch_steps else "")))
    for find, origin in finders:
        found = find()
        if found:
            return found, origin
    return None, ""


def tensor_type(shape: tuple, dtype: str, net: Network, first_consumer: str | None,
                batch_first: bool = True) -> TensorType:
    """``batch_first=False``: a time-major sequence (T, N, C) fed to a recurrent layer."""
    if not batch_first and len(shape) == 3:
        return TensorType((shape[0], None, shape[2]), (TIME, BATCH, CHANNEL), dtype)
    shape = (None, *shape[1:])
    if first_consumer in TOKEN_CONSUMERS and not dtype.startswith("int"):
        dtype = "int64"
    if dtype.startswith("int") and len(shape) == 2:
        return sequence(shape, dtype)
    if len(shape) == 3 and channel_layout(first_consumer, "torch") != "first":
        return sequence(shape, dtype)
    if len(shape) >= 3:
        return channels_first(shape, dtype)
    return generic(shape, dtype)


def _factory(src: SourceFile, expr: ast.expr, values: dict[str, ast.expr]):
    if isinstance(expr, ast.Name) and expr.id in values:
        expr = values[expr.id]
    if not isinstance(expr, ast.Call):
        return None
    qualified = src.qualify(expr.func)
    if qualified not in TENSOR_FACTORIES:
        return None
    args = expr.args[2:] if qualified == "torch.randint" else expr.args
    size = next((k.value for k in expr.keywords if k.arg == "size"), None)
    try:
        dims = evaluate(size, src.constants) if size is not None else [evaluate(a, src.constants) for a in args]
    except NotConstant:
        return None
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = dims[0]
    dtype = next((src.qualify(k.value) for k in expr.keywords if k.arg == "dtype"), None)
    return tuple(dims), (dtype.split(".")[-1] if dtype else TENSOR_FACTORIES[qualified])


def _assigned_factories(src: SourceFile) -> dict[str, ast.expr]:
    return {n.targets[0].id: n.value for n in src.walk()
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)
            and isinstance(n.value, ast.Call)}


def _dummy_call(src: SourceFile, model_names: set[str]):
    values = _assigned_factories(src)
    for node in src.walk():
        if isinstance(node, ast.Call) and _names_model(node.func, model_names):
            found = [_factory(src, a, values) for a in node.args]
            if found and all(found):
                return found
    return None


def _names_model(func: ast.expr, model_names: set[str]) -> bool:
    """``model(x)`` or ``Net()(x)``."""
    if isinstance(func, ast.Call):
        func = func.func
    return isinstance(func, ast.Name) and func.id in model_names


def _summary(src: SourceFile, model_names: set[str]):
    for node in src.walk():
        if not (isinstance(node, ast.Call) and (src.qualify(node.func) or "").endswith(".summary")):
            continue
        size = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords
                                                             if k.arg == "input_size"), None)
        try:
            dims = tuple(evaluate(size, Scope(parent=src.constants))) if size is not None else None
        except (NotConstant, TypeError):
            continue
        if dims:
            with_batch = src.qualify(node.func).startswith("torchinfo")
            return [((dims if with_batch else (None, *dims)), "float32")]
    return None


def _tensor_dataset(src: SourceFile):
    """``TensorDataset(X, y)`` with ``X = torch.randn(256, 20)``: samples of X are the inputs."""
    values = _assigned_factories(src)
    for node in src.walk():
        if (isinstance(node, ast.Call) and (src.qualify(node.func) or "").endswith("TensorDataset")
                and node.args):
            found = _factory(src, node.args[0], values)
            if found:
                return [found]
    return None


def _dataset(loader: str | None, batch_steps=()):
    sample = SAMPLES.get(loader or "")
    shape = sample.shape("torch") if sample else None
    return [after_steps((None, *shape), "float32", batch_steps)] if shape else None


def after_steps(shape: tuple, dtype: str, steps) -> tuple[tuple, str]:
    """A batch's (shape, dtype) after the per-batch steps on the inputs."""
    for step in (s for s in steps if s["on"] == "inputs"):
        if step["kind"] == "flatten":
            shape = (shape[0], prod(shape[1:]))
        elif step["kind"] == "reshape":
            shape = reshaped(shape, step["shape"]) or shape
        elif step["kind"] == "cast":
            dtype = step["dtype"]
    return shape, dtype
