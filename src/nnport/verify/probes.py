"""Record what chosen layers output during one forward pass (torch hooks, Keras call wrappers)."""
from __future__ import annotations

import contextlib

from .arrays import as_numpy_list


@contextlib.contextmanager
def recording(layers: dict[str, object], framework: str):
    """Yield a dict filled with ``name -> [arrays]`` (the first call of each layer) while active."""
    seen: dict[str, list] = {}
    undo = [(_torch_hook if framework == "torch" else _keras_wrap)(layer, name, seen)
            for name, layer in layers.items()]
    try:
        yield seen
    finally:
        for restore in undo:
            restore()


def _torch_hook(module, name, seen):
    def hook(_module, _inputs, output):
        if name not in seen:  # copied: a later in-place layer (nn.ReLU(inplace=True)) overwrites the output
            seen[name] = [a.copy() for a in as_numpy_list(output)]

    return module.register_forward_hook(hook).remove


def _keras_wrap(layer, name, seen):
    original = layer.call

    def call(*args, **kwargs):
        output = original(*args, **kwargs)
        if name not in seen:
            import keras

            seen[name] = [keras.ops.convert_to_numpy(o) for o in _flat(output)]
        return output

    object.__setattr__(layer, "call", call)  # instance attribute shadows the class method
    return lambda: object.__delattr__(layer, "call")


def _flat(value):
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in _flat(v)]
    if isinstance(value, dict):
        return [a for k in sorted(value) for a in _flat(value[k])]
    return [value]
