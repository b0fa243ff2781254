"""What differs between the target frameworks when writing a network - and nothing else.

The engine (``emit``) is shared; a dialect says how a layer object is called, how a
sequential container and a class are spelled, and how names are given to layers.
"""
from __future__ import annotations

from dataclasses import dataclass

# torch classes with a lazy variant that infers its input size on the first call
TORCH_LAZY = {"Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
              "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"}


@dataclass(frozen=True)
class Dialect:
    target: str
    styles: tuple[str, ...]
    base_class: str  # qualified base class of a subclassed network
    base_import: str
    sequential_base: str  # the sequential container, as a base class
    method: str  # forward / call
    names_layers: bool  # Keras: give layers explicit name= (sequential, functional)
    lambda_layer: str  # wraps a function as a layer inside a sequential container
    init_params: str  # extra parameters of a generated __init__, passed on to super()
    super_args: str
    list_container: bool  # the sequential container takes a list (Keras) or arguments (torch)

    def template_fields(self) -> dict:
        names = ("base_class", "base_import", "sequential_base", "method", "init_params", "super_args",
                 "list_container")
        return {name: getattr(self, name) for name in names}

    def sequential_expr(self, items: list[str], name: str | None) -> str:
        body = ", ".join(items)
        if self.target == "torch":
            return f"nn.Sequential({body})"
        named = f", name={name!r}" if name else ""
        return f"keras.Sequential([{body}]{named})"

    def wrap_function(self, param: str, body: str) -> str:
        return f"{self.lambda_layer}(lambda {param}: {body})"


TORCH = Dialect("torch", ("subclassing", "sequential"), "nn.Module", "from torch import nn", "nn.Sequential",
                "forward", names_layers=False, lambda_layer="Lambda", init_params="", super_args="",
                list_container=False)
KERAS = Dialect("keras", ("subclassing", "sequential", "functional"), "keras.Model", "import keras",
                "keras.Sequential", "call", names_layers=True, lambda_layer="layers.Lambda",
                init_params=", **kwargs", super_args="**kwargs", list_container=True)

DIALECTS = {"torch": TORCH, "keras": KERAS}

# torch has no layer wrapping a function: the generated file carries this small one when needed
TORCH_LAMBDA = '''class Lambda(nn.Module):
    """Applies a tensor function inside nn.Sequential (an op with no layer of its own)."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)
'''
