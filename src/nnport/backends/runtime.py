"""Run-time helpers written into a generated file when a spelling names one (``nnport.<name>``).

The generated code never imports nnport: a spelling such as ``nnport.dynamic_activation``
means "the backend writes this small function next to the model". The helpers are built
from the catalog (every activation both frameworks can call without arguments), so they
follow the catalog when activations are added.
"""
from __future__ import annotations

from ..catalog import registry
from ..catalog.schema import REQUIRED, Inexpressible
from .spell import Imports, arguments, framework_values, local_name

DYNAMIC_ACTIVATION = "_activation"


def dynamic_activation(target: str, imports: Imports) -> str:
    """``_activation(name)``: the target's activation function for a name known at run time."""
    entries = []
    for kind in (k for k in registry.kinds() if k.family == "activation"):
        call = _call_text(kind, target, imports)
        if call is None:
            continue
        for name in _names(kind):
            entries.append(f"        {name!r}: lambda x: {call},")
    body = "\n".join(sorted(set(entries)))
    return (f'def {DYNAMIC_ACTIVATION}(name):\n'
            f'    """The activation called ``name`` (chosen at run time by the source model)."""\n'
            f'    table = {{\n{body}\n    }}\n'
            f'    if name not in table:\n'
            f'        raise ValueError(f"unknown activation {{name!r}}; known: {{sorted(table)}}")\n'
            f'    return table[name]\n')


def _names(kind) -> list[str]:
    """The names a source may hold: Keras activation strings and PyTorch functional names."""
    names = [s.name for s in kind.spellings if s.form == "activation"]
    names += [s.name.rpartition(".")[2] for s in kind.spellings if s.framework == "torch" and s.form == "function"]
    return names


def _call_text(kind, target: str, imports: Imports) -> str | None:
    spelling = next((s for s in kind.spellings if s.framework == target and s.form == "function"
                     and not s.name.startswith(("operator.", "nnport.", "tensorflow."))), None)
    if spelling is None or any(a.default is REQUIRED for a in kind.attrs):
        return None
    try:
        values = framework_values(kind, spelling, kind.defaults(), lambda role, negative_ok=True: -1)
    except Inexpressible:
        return None
    return f"{local_name(spelling.name, imports)}({arguments(spelling, values, ['x'])})"
