"""Names in generated code: one namespace per generated scope, and how IR module paths map
to attribute paths of the generated model object (the weight converter's pairing contract)."""
from __future__ import annotations

import builtins
import keyword
import re

# names a generated scope must never shadow: the frameworks' module aliases and `self`
RESERVED = frozenset({"self", "torch", "nn", "F", "keras", "layers", "ops", "np", "math", "operator"})


def identifier(text: str) -> str:
    """A Python identifier close to ``text``: 'features.0' -> 'features_0', '0' -> 'layer_0'."""
    name = re.sub(r"\W+", "_", text).strip("_") or "value"
    if name[0].isdigit():
        name = f"layer_{name}"
    return name


class Namespace:
    """Allocates unique, keyword-safe names in one generated scope (a class, a method).

    ``attributes``: names the scope's base class owns (``Dialect.reserved_attributes``); a wanted
    name among them takes the suffix ``_layer`` (``output`` -> ``output_layer``)."""

    def __init__(self, taken: tuple[str, ...] = (), attributes: frozenset[str] = frozenset()):
        self._taken: set[str] = set(RESERVED) | set(taken) | set(attributes)
        self._attributes = attributes
        self._next: dict[str, int] = {}  # base -> first suffix not yet tried (names are never freed)

    def allocate(self, wanted: str) -> str:
        base = identifier(wanted)
        if base in self._attributes:
            base = f"{base}_layer"
        elif keyword.iskeyword(base) or hasattr(builtins, base):
            base = f"{base}_"
        name, n = base, self._next.get(base, 1)
        while name in self._taken:
            name, n = f"{base}_{n}", n + 1
        self._next[base] = n
        self._taken.add(name)
        return name

    def __contains__(self, name: str) -> bool:
        return name in self._taken


# framework classes a generated class must not be mistaken for (a Keras auto-named "sequential"
# network would otherwise become ``class Sequential(nn.Module)``); Lambda is a generated helper
FRAMEWORK_CLASSES = frozenset({"Sequential", "Functional", "Model", "Module", "ModuleList", "ModuleDict",
                               "Layer", "Lambda", "Input", "InputLayer", "Parameter"})


def class_name(text: str, nested: bool = False) -> str:
    """A CamelCase class name for a network: 'features' -> 'Features'; a sub-network whose name
    is a framework class's takes a suffix ('sequential' -> 'SequentialBlock')."""
    name = identifier(text)
    name = name if name[0].isupper() else "".join(p[:1].upper() + p[1:] for p in name.split("_"))
    return f"{name}Block" if nested and name in FRAMEWORK_CLASSES else name


def module_paths(model, write) -> dict[str, str]:
    """Every IR module path (dot-joined across sub-networks) -> its path in the generated model.

    Torch paths work with ``model.get_submodule(path)``; Keras paths resolve segment by segment
    with ``getattr``, falling back to ``.get_layer(name)``.
    """
    from . import plan_model  # the same planning the backends use, so names always agree

    return plan_model(model, write).paths
