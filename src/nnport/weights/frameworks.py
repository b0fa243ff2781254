"""Framework adapters: find a layer by its path, read and write its weights as numpy arrays.

Both frameworks are imported lazily: nothing here runs at ``import nnport``. A path is
dot-joined; torch resolves it with ``get_submodule``, Keras segment by segment with
``getattr``, else ``.get_layer(name)``, else an index into ``.layers``.
"""
from __future__ import annotations

import os

import numpy as np

from ..errors import NnportError

SKIPPED_TORCH_STATE = ("num_batches_tracked",)  # a counter, not a weight: no Keras counterpart


def framework_of(model) -> str:
    """"torch" or "keras", from the object's class hierarchy (no framework import needed)."""
    for cls in type(model).__mro__:
        root = cls.__module__.split(".")[0]
        if root == "torch":
            return "torch"
        if root in ("keras", "tf_keras") or cls.__module__.startswith("tensorflow.python.keras"):
            return "keras"
    raise NnportError(f"{type(model).__name__} is neither a torch.nn.Module nor a keras Layer")


# TensorFlow's start-up log lines (oneDNN, CPU features, CUDA, absl): silenced unless the user set them
QUIET_TENSORFLOW = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}


def quiet_tensorflow() -> None:
    """Before TensorFlow is imported (by nnport or by the user's file): no start-up noise on stderr."""
    for name, value in QUIET_TENSORFLOW.items():
        os.environ.setdefault(name, value)


def import_keras():
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    quiet_tensorflow()
    import keras

    return keras


def fresh_keras_names() -> None:
    """Keras's automatic layer names counted afresh (``dense``, ``dense_1``...), as the Keras
    reader counts them for a model built by an expression after the file has run."""
    import collections

    from keras.src.backend.common import global_state

    import_keras()
    global_state.set_global_attribute("object_name_uids", collections.defaultdict(int))


def resolve(model, path: str, framework: str):
    """The layer object at ``path`` (``""`` is the model itself); NnportError naming the path."""
    if not path:
        return model
    if framework == "torch":
        try:
            return model.get_submodule(path)
        except AttributeError as exc:
            raise NnportError(f"no module {path!r} in {type(model).__name__}: {exc}") from None
    layer = model
    for segment in path.split("."):
        layer = _keras_child(layer, segment, path, model)
    return layer


def _keras_child(layer, segment: str, path: str, model):
    child = getattr(layer, segment, None)
    if child is not None and hasattr(child, "weights"):  # a layer, not a variable or a method
        return child
    if hasattr(layer, "get_layer"):
        try:
            return layer.get_layer(segment)
        except ValueError:
            pass
    if segment.isdigit() and hasattr(layer, "layers") and int(segment) < len(layer.layers):
        return layer.layers[int(segment)]
    listed = _list_item(layer, segment)
    if listed is not None:
        return listed
    raise NnportError(f"no layer {path!r} in {type(model).__name__} (segment {segment!r} not found)")


def _list_item(layer, segment: str):
    """``hidden_0``: item 0 of a list attribute ``self.hidden`` (the IR names list items so)."""
    prefix, _, index = segment.rpartition("_")
    items = getattr(layer, prefix, None) if prefix and index.isdigit() else None
    if isinstance(items, (list, tuple)) and int(index) < len(items) and hasattr(items[int(index)], "weights"):
        return items[int(index)]
    return None


def read_arrays(layer, framework: str, label: str) -> dict[str, np.ndarray]:
    """Every weight and state of one layer, by its framework name."""
    if framework == "torch":
        return {k: v.detach().cpu().numpy().copy() for k, v in layer.state_dict().items()
                if k.split(".")[-1] not in SKIPPED_TORCH_STATE}
    found: dict[str, np.ndarray] = {}
    for variable in layer.weights:
        if variable.name in found:
            raise NnportError(f"{label}: two weights named {variable.name!r}; the catalog entry needs "
                              "params hooks to tell them apart")
        found[variable.name] = np.array(variable)
    return found


def write_arrays(layer, framework: str, arrays: dict[str, np.ndarray], label: str) -> None:
    """Assign weights by framework name; every name must exist with the same shape."""
    current = read_arrays(layer, framework, label)
    check_fits(current, arrays, label)
    if framework == "torch":
        import torch

        state = layer.state_dict()
        for name, array in arrays.items():
            state[name] = torch.from_numpy(np.ascontiguousarray(array)).to(state[name].dtype)
        layer.load_state_dict(state, strict=True)
        return
    for variable in layer.weights:
        variable.assign(arrays[variable.name].astype(variable.dtype))


def read_groups(layer, framework: str, paths, label: str) -> dict[str, object]:
    """Hook form: torch state keys -> array; Keras sub-layer path -> ``get_weights()`` list."""
    if framework == "torch":
        arrays = read_arrays(layer, framework, label)
        return {k: arrays[k] for k in paths if k in arrays}
    return {p: [np.array(w) for w in resolve(layer, p, "keras").get_weights()] for p in paths}


def write_groups(layer, framework: str, groups: dict[str, object], label: str) -> None:
    if framework == "torch":
        write_arrays(layer, framework, groups, label)
        return
    for path, arrays in groups.items():
        target = resolve(layer, path, "keras")
        current = {str(i): w for i, w in enumerate(target.get_weights())}
        check_fits(current, {str(i): a for i, a in enumerate(arrays)}, f"{label} {path or '(layer)'}")
        target.set_weights(list(arrays))


def check_fits(current: dict, given: dict, label: str) -> None:
    missing = sorted(set(current) - set(given))
    extra = sorted(set(given) - set(current))
    if missing or extra:
        raise NnportError(f"{label}: weights do not match the layer (missing {missing}, unexpected {extra})")
    for name, array in given.items():
        if tuple(np.shape(array)) != tuple(np.shape(current[name])):
            raise NnportError(f"{label}: weight {name!r} has shape {tuple(np.shape(array))}, "
                              f"the layer expects {tuple(np.shape(current[name]))}")
