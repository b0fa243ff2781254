"""Synthetic training data shaped and typed like the source's, and each side's batches of it.

Images of a dataset both frameworks load by name (MNIST, CIFAR) are drawn as the raw uint8
arrays keras.datasets gives; the Keras side passes them through its generated ``prepare`` and
the PyTorch side through its generated torchvision transform, image by image. Other data is
drawn as the model's input (token ids where an embedding reads it) in the source's layout and
given to each side in the layout its model takes. Targets follow the loss: class ids, 0/1
values, or real values shaped like the output.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..backends.training.components import canonical
from ..backends.training.data import LOADERS, main_dataset
from ..catalog.datasets import SAMPLES
from ..errors import NnportError
from ..ir.graph import PivotModel
from ..ir.training import Component
from . import arrays
from .vision import transformed

CLASS_LOSSES = ("cross_entropy", "nll_loss")


@dataclass
class Raw:
    images: bool  # x holds raw uint8 images (N, H, W[, C]); else the model's input, source layout
    x: list[np.ndarray]
    y: np.ndarray
    specs: list  # arrays.InputSpec of each input (arrays only)


def image_loader(model: PivotModel) -> str | None:
    dataset = main_dataset(model)
    loader = LOADERS.get(dataset.loader) if dataset else None
    sample = SAMPLES.get(dataset.loader) if dataset else None
    if loader is None or not (loader.keras and loader.torch) or sample is None or "H" not in sample.sizes:
        return None
    return dataset.loader


def draw(model: PivotModel, n: int, rng: np.random.Generator) -> tuple[Raw, list[str]]:
    loader = image_loader(model)
    if loader is not None:
        shape = SAMPLES[loader].shape("keras")
        x = [rng.integers(0, 256, size=(n, *shape)).astype("uint8")]
        size = "x".join(map(str, shape))
        specs, notes = [], [f"data: {n} random {loader} images (uint8, {size}), through each side's own preparation"]
    else:
        specs, notes = arrays.with_sequence_length(arrays.input_specs(model))
        x = arrays.draw(specs, n, rng)
        notes.append(f"data: {n} random samples shaped like the model's input "
                     f"({', '.join(str(s.type) for s in specs)})")
    y = labels(loader, n, rng) if loader is not None else targets(model, n, rng)
    return Raw(loader is not None, x, y, specs), notes


def labels(loader: str, n: int, rng) -> np.ndarray:
    """A named dataset's labels: class ids."""
    return rng.integers(0, SAMPLES[loader].classes or 10, size=(n,)).astype("int64")


def targets(model: PivotModel, n: int, rng) -> np.ndarray:
    """Targets of data the file gives as arrays: what the loss takes."""
    loss = model.training.loss if model.training else None
    kind, attrs = canonical(loss or Component("mse"))
    out = _output_shape(model, n)
    if kind.name in CLASS_LOSSES:
        classes = out[-1] if isinstance(out[-1], int) else 10
        ids = rng.integers(0, classes, size=out[:-1]).astype("int64")
        if attrs.get("sparse_labels", True):
            return ids
        return np.eye(classes, dtype="float32")[ids]
    if kind.name == "binary_cross_entropy":
        return rng.integers(0, 2, size=out).astype("float32")
    return rng.normal(size=out).astype("float32")


def _output_shape(model: PivotModel, n: int) -> tuple:
    outputs = model.network.graph.output.inputs
    if len(outputs) != 1 or outputs[0] not in model.network.graph.types:
        raise NnportError("--train compares networks with one output of known type")
    out = model.network.graph.types[outputs[0]]
    shape = tuple(n if role == "N" else size for size, role in zip(out.shape, out.roles))
    if any(not isinstance(s, int) for s in shape):
        raise NnportError(f"--train needs the output's sizes; the output is {out}: give --input-shape")
    return shape


def torch_batches(ns: dict, raw: Raw, orders, batch: int, steps: int) -> list[tuple]:
    """(inputs, targets) tensors per step, as the side's data code yields them."""
    import torch

    y = torch.from_numpy(raw.y)
    if raw.images:
        if "make_transform" not in ns:
            raise NnportError("the PyTorch code has no make_transform() for the source's images")
        x = transformed(ns["make_transform"], raw.x[0])
    else:
        given = arrays.in_orders(raw.x, raw.specs, orders)
        if len(given) != 1:
            raise NnportError("--train compares networks with one input")
        x, y = ns["as_dataset"](given[0], raw.y).tensors if "as_dataset" in ns else (torch.from_numpy(given[0]), y)
    return [(x[i * batch:(i + 1) * batch], y[i * batch:(i + 1) * batch]) for i in range(steps)]


def keras_arrays(ns: dict, raw: Raw, orders) -> tuple[np.ndarray, np.ndarray]:
    """The arrays the Keras side's ``fit`` gets."""
    if raw.images:
        if "prepare" not in ns:
            raise NnportError("the Keras code has no prepare(x, y) for the source's images")
        return ns["prepare"](raw.x[0], raw.y)
    given = arrays.in_orders(raw.x, raw.specs, orders)
    if len(given) != 1:
        raise NnportError("--train compares networks with one input")
    return ns["prepare"](given[0], raw.y) if "prepare" in ns else (given[0], raw.y)
