"""Build real torch modules and Keras layers from canonical attributes, through the catalog.

Shared by the catalog conformance, weight and equivalence tests: a layer is always built
the way a backend would write it (the kind's layer spelling, each Arg converted by to_fw),
so these helpers test the catalog entries themselves.
"""
from __future__ import annotations

import importlib
import os

import numpy as np

from nnport.catalog import registry
from nnport.catalog.schema import ABSENT, REQUIRED, Inexpressible

os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def resolve_name(qualified: str):
    """"torch.nn.Conv2d" / "keras.layers.Dense" / "Tensor.view" -> the Python object."""
    if qualified.startswith("Tensor."):
        import torch

        return getattr(torch.Tensor, qualified.split(".", 1)[1])
    module, _, name = qualified.rpartition(".")
    return getattr(importlib.import_module(module), name)


def canonical_attrs(kind_name: str, **given) -> dict:
    """The kind's defaults completed with ``given``; a REQUIRED attribute left out is an error."""
    kind = registry.kind(kind_name)
    attrs = {**kind.defaults(), **given}
    missing = [a.name for a in kind.attrs if a.name not in attrs and a.default is REQUIRED]
    if missing:
        raise ValueError(f"{kind_name}: give {missing}")
    return attrs


def framework_kwargs(kind_name: str, framework: str, attrs: dict) -> dict:
    """Constructor arguments of the kind's layer spelling for canonical ``attrs``."""
    spelling = registry.kind(kind_name).spelling(framework, "layer")
    kwargs = {}
    for arg in spelling.args:
        if arg.attr is None:
            if arg.default is not ABSENT:
                kwargs[arg.name] = arg.default
        elif arg.attr in attrs and attrs[arg.attr] is not None:
            kwargs[arg.name] = arg.to_fw(attrs[arg.attr])  # Inexpressible propagates to the caller
    return kwargs


def build(kind_name: str, framework: str, attrs: dict):
    """A real torch module / Keras layer (not yet built) for canonical ``attrs``."""
    spelling = registry.kind(kind_name).spelling(framework, "layer")
    if spelling is None:
        raise LookupError(f"{kind_name} has no {framework} layer spelling")
    return resolve_name(spelling.name)(**framework_kwargs(kind_name, framework, attrs))


def expressible(kind_name: str, framework: str, attrs: dict) -> bool:
    try:
        framework_kwargs(kind_name, framework, attrs)
        return True
    except Inexpressible:
        return False


def to_framework_layout(x: np.ndarray, kind_name: str, framework: str) -> np.ndarray:
    """Channels-first (PyTorch) input -> the layout the framework's spelling needs."""
    spelling = registry.kind(kind_name).spelling(framework, "layer")
    if spelling.layout == "last" and x.ndim > 2 and _torch_layout(kind_name) == "first":
        return np.moveaxis(x, 1, -1)
    return x


def from_framework_layout(y: np.ndarray, kind_name: str, framework: str) -> np.ndarray:
    spelling = registry.kind(kind_name).spelling(framework, "layer")
    if spelling.layout == "last" and y.ndim > 2 and _torch_layout(kind_name) == "first":
        return np.moveaxis(y, -1, 1)
    return y


def _torch_layout(kind_name: str) -> str | None:
    spelling = registry.kind(kind_name).spelling("torch", "layer")
    return spelling.layout if spelling else None


def random_torch_weights(module, seed: int = 0) -> None:
    """Fill every parameter and floating buffer with random values (running_var positive)."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, tensor in module.state_dict(keep_vars=True).items():
            if tensor.dtype.is_floating_point:
                values = torch.rand(tensor.shape, generator=generator) * 0.5 + 0.5 if "var" in name \
                    else torch.randn(tensor.shape, generator=generator) * 0.5
                tensor.copy_(values)
