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


def canonical_attrs(kind_name: str, input_shape=None, **given) -> dict:
    """The kind's defaults completed with ``given`` and, for a PyTorch-layout ``input_shape``,
    with what the kind infers from it; a REQUIRED attribute left out is an error."""
    from nnport.ir.types import channels_first

    kind = registry.kind(kind_name)
    attrs = {**kind.defaults(), **given}
    if kind.infer and input_shape:
        inferred = kind.infer(attrs, [channels_first(tuple(input_shape))])
        attrs.update({k: v for k, v in inferred.items() if attrs.get(k) is None})
    missing = [a.name for a in kind.attrs if a.name not in attrs and a.default is REQUIRED]
    if missing:
        raise ValueError(f"{kind_name}: give {missing}")
    return attrs


def framework_kwargs(kind_name: str, framework: str, attrs: dict, spelling=None, roles=None) -> dict:
    """Constructor arguments of the kind's layer spelling for canonical ``attrs``; axis
    attributes given as roles become positions in ``roles`` (the layout the layer is fed)."""
    kind = registry.kind(kind_name)
    spelling = spelling or kind.spelling(framework, "layer")
    kwargs = {}
    for arg in spelling.args:
        if arg.attr is None:
            if arg.default is not ABSENT:
                kwargs[arg.name] = arg.default
        elif arg.attr in attrs and attrs[arg.attr] is not None:
            value = _axis_position(kind, arg.attr, attrs[arg.attr], roles)
            kwargs[arg.name] = arg.to_fw(value)  # Inexpressible propagates to the caller
    return kwargs


def _axis_position(kind, name, value, roles):
    attr_type = kind.attr(name).type
    if attr_type == "axis" and isinstance(value, str) and roles:
        return roles.index(value)
    if attr_type == "axes" and isinstance(value, tuple) and roles and all(isinstance(v, str) for v in value):
        return tuple(roles.index(v) for v in value)
    return value


def fed_roles(kind_name: str, framework: str, input_shape) -> tuple[str, ...]:
    """Roles of the input as the tests feed it to ``framework`` (see ``to_framework_layout``)."""
    from nnport.ir.types import channels_first

    roles = channels_first(tuple(input_shape)).roles
    if _moves(kind_name, framework, len(roles)):
        return (roles[0], *roles[2:], roles[1])
    return roles


def layer_spelling(kind_name: str, framework: str, inputs=None):
    """The layer spelling a backend would pick: the first whose ``applies`` hook accepts the inputs."""
    for spelling in registry.kind(kind_name).spellings:
        if spelling.framework == framework and spelling.form == "layer":
            applies = spelling.hooks.get("applies")
            if applies is None or inputs is None or applies({}, inputs):
                return spelling
    raise LookupError(f"{kind_name} has no {framework} layer spelling")


def build(kind_name: str, framework: str, attrs: dict, input_shape=None):
    """A real torch module / Keras layer (not yet built) for canonical ``attrs``.

    Follows the spelling's hooks the way the backends do: ``rewrite`` (the layer written as
    another kind, possibly with layers ``before`` it) and ``args_to_fw`` (arguments computed
    from several attributes).
    """
    from nnport.ir.types import channels_first

    inputs = [channels_first(tuple(input_shape))] if input_shape else None
    spelling = layer_spelling(kind_name, framework, inputs)
    rewrite = spelling.hooks["rewrite"](attrs, inputs) if "rewrite" in spelling.hooks else None
    if rewrite is not None:  # None: the layer is written as itself
        return _rewritten(kind_name, attrs, rewrite, framework, input_shape)
    if "parts_to_fw" in spelling.hooks:  # a torch chain of other kinds' layers
        import torch
        return torch.nn.Sequential(*(build(k, framework, sub, input_shape)
                                     for k, sub in spelling.hooks["parts_to_fw"](attrs)))
    if "stack_to_fw" in spelling.hooks and (len(spelling.hooks["stack_to_fw"](attrs)) > 1 or attrs.get("bidirectional")):
        return _stacked(kind_name, spelling, attrs)
    roles = fed_roles(kind_name, framework, input_shape) if input_shape else None
    kwargs = framework_kwargs(kind_name, framework, attrs, spelling, roles)
    if "args_to_fw" in spelling.hooks:
        kwargs.update(spelling.hooks["args_to_fw"](attrs, inputs))  # framework argument names
    cls = helper_class(spelling) if "helper_to_fw" in spelling.hooks else resolve_name(spelling.name)
    return cls(**kwargs)


def helper_class(spelling):
    """A class the backend writes next to the model (``helper_to_fw``), made from its text."""
    import math

    import torch

    name, text = spelling.hooks["helper_to_fw"](lambda dotted: dotted)
    scope = {"math": math, "torch": torch, "nn": torch.nn, "F": torch.nn.functional}
    exec(text, scope)  # noqa: S102 - the catalog's own helper text
    return scope[name]


def _stacked(kind_name, spelling, attrs):
    """A multi-layer / bidirectional RNN as Keras writes it: one layer per PyTorch layer,
    Bidirectional-wrapped (concatenated directions), every layer returning sequences but the last
    as asked."""
    import keras

    stack = spelling.hooks["stack_to_fw"](attrs)
    layers = []
    for k, sub in enumerate(stack):
        sub = {**sub, "return_sequences": True if k < len(stack) - 1 else attrs.get("return_sequences", False)}
        layer = resolve_name(spelling.name)(**framework_kwargs(kind_name, "keras", sub, spelling))
        layers.append(keras.layers.Bidirectional(layer) if attrs.get("bidirectional") else layer)
    return layers[0] if len(layers) == 1 else keras.Sequential(layers)


def _rewritten(kind_name, attrs, rewrite, framework, input_shape):
    """One layer, or a torch chain whose children are named after the canonical weight
    prefixes ("depthwise.weight", "pointwise.weight" -> children depthwise, pointwise)."""
    import collections

    import torch

    parts = [*rewrite.get("before", []), (rewrite["kind"], rewrite["attrs"])]
    layers = [build(kind, framework, sub, input_shape) for kind, sub in parts]
    if len(layers) == 1:
        return layers[0]
    shapes = registry.kind(kind_name).weights(attrs)
    names = list(dict.fromkeys(name.split(".")[0] for name in shapes))
    return torch.nn.Sequential(collections.OrderedDict(zip(names, layers)))


def expressible(kind_name: str, framework: str, attrs: dict) -> bool:
    try:
        framework_kwargs(kind_name, framework, attrs)
        return True
    except Inexpressible:
        return False


def _moves(kind_name: str, framework: str, rank: int) -> bool:
    spelling = registry.kind(kind_name).spelling(framework, "layer")
    return spelling.layout == "last" and rank > 2 and _torch_layout(kind_name) == "first"


def to_framework_layout(x: np.ndarray, kind_name: str, framework: str) -> np.ndarray:
    """Channels-first (PyTorch) input -> the layout the framework's spelling needs."""
    return np.moveaxis(x, 1, -1) if _moves(kind_name, framework, x.ndim) else x


def from_framework_layout(y: np.ndarray, kind_name: str, framework: str) -> np.ndarray:
    return np.moveaxis(y, -1, 1) if _moves(kind_name, framework, y.ndim) else y


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


# One small configuration per layer kind with weights or state: canonical attributes and the
# input shape in PyTorch layout. Table rows, shared by the weight and equivalence tests.
SAMPLES: dict[str, tuple[dict, tuple[int, ...]]] = {
    "linear": ({"in_features": 6, "out_features": 4}, (2, 6)),
    "conv1d": ({"in_channels": 3, "out_channels": 4, "kernel_size": (3,), "stride": (2,)}, (2, 3, 9)),
    "conv2d": ({"in_channels": 3, "out_channels": 4, "kernel_size": (3, 2), "dilation": (1, 2)}, (2, 3, 7, 8)),
    "conv3d": ({"in_channels": 2, "out_channels": 3, "kernel_size": (2, 2, 2)}, (2, 2, 4, 5, 4)),
    "conv_transpose1d": ({"in_channels": 3, "out_channels": 4, "kernel_size": (3,), "stride": (2,)}, (2, 3, 5)),
    "conv_transpose2d": ({"in_channels": 3, "out_channels": 4, "kernel_size": (3, 3), "stride": (2, 2)},
                         (2, 3, 4, 5)),
    "conv_transpose3d": ({"in_channels": 2, "out_channels": 3, "kernel_size": (2, 2, 2)}, (2, 2, 3, 3, 3)),
    "depthwise_conv1d": ({"in_channels": 3, "kernel_size": (3,), "depth_multiplier": 2}, (2, 3, 8)),
    "depthwise_conv2d": ({"in_channels": 3, "kernel_size": (3, 3), "depth_multiplier": 2}, (2, 3, 6, 6)),
    "separable_conv1d": ({"in_channels": 3, "out_channels": 5, "kernel_size": (3,), "depth_multiplier": 2},
                         (2, 3, 8)),
    "separable_conv2d": ({"in_channels": 3, "out_channels": 5, "kernel_size": (3, 3)}, (2, 3, 6, 6)),
    "batch_norm": ({"num_features": 4, "eps": 1e-3, "momentum": 0.2}, (2, 4, 5, 5)),
    "batch_norm1d": ({"num_features": 4, "eps": 1e-3, "momentum": 0.2}, (2, 4, 6)),
    "batch_norm2d": ({"num_features": 4}, (2, 4, 5, 5)),
    "batch_norm3d": ({"num_features": 3}, (2, 3, 3, 4, 3)),
    "instance_norm1d": ({"num_features": 4, "affine": True}, (2, 4, 6)),
    "instance_norm2d": ({"num_features": 4, "affine": True}, (2, 4, 5, 5)),
    "instance_norm3d": ({"num_features": 3, "affine": True}, (2, 3, 3, 4, 3)),
    "group_norm": ({"num_groups": 2, "num_channels": 4}, (2, 4, 5, 5)),
    "instance_norm": ({"num_features": 4, "affine": True}, (2, 4, 5, 5)),
    "layer_norm": ({"normalized_shape": (6,)}, (2, 3, 6)),
    "embedding": ({"num_embeddings": 10, "embedding_dim": 4}, (2, 5)),
    "reversible_embedding": ({"num_embeddings": 10, "embedding_dim": 4}, (2, 5)),
    "prelu": ({"num_parameters": 1}, (2, 6)),
    # recurrent: batch-first (N, T, C) input; the Keras layer returns the sequence like torch's output[0]
    "multi_head_attention": ({"embed_dim": 6, "num_heads": 2}, (2, 5, 6)),
    "sized_head_attention": ({"embed_dim": 6, "num_heads": 2, "head_dim": 6}, (2, 5, 6)),  # Keras key_dim=6
    "simple_rnn": ({"hidden_size": 4, "return_sequences": True}, (2, 5, 3)),
    "lstm": ({"hidden_size": 4, "return_sequences": True}, (2, 5, 3)),
    "gru": ({"hidden_size": 4, "return_sequences": True}, (2, 5, 3)),
}

# How many times a layer takes the sample input (self-attention: query, key, value / query, value).
CALL_ARITY = {"multi_head_attention": {"torch": 3, "keras": 2}, "sized_head_attention": {"torch": 3, "keras": 2}}

# Extra rows for layers Keras writes as several layers (one per PyTorch layer, Bidirectional).
STACKED_SAMPLES = {
    "lstm": ({"hidden_size": 4, "num_layers": 2, "bidirectional": True, "return_sequences": True}, (2, 5, 3)),
    "gru": ({"hidden_size": 3, "num_layers": 2, "bidirectional": True, "return_sequences": True}, (2, 4, 3)),
    "simple_rnn": ({"hidden_size": 3, "num_layers": 2, "return_sequences": True}, (2, 4, 3)),
}


def call(layer, kind_name: str, framework: str, x, **kwargs):
    """Apply a built layer to one sample input (repeated where the layer takes several)."""
    arity = CALL_ARITY.get(kind_name, {}).get(framework, 1)
    return layer(*([x] * arity), **kwargs)
