"""Weight conversion of recurrent layers between PyTorch names and Keras per-layer lists.

Kept apart from the entries (recurrent.py) because it is numpy arithmetic, not declaration.
"""
GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}


def gru_order(array):
    """PyTorch (r, z, n) <-> Keras (z, r, h) along the first axis (the swap is its own inverse)."""
    import numpy as np  # lazily: migration never loads numpy

    r, z, n = np.split(array, 3, axis=0)
    return np.concatenate([z, r, n], axis=0)


def _layer_to_keras(name, p, key, attrs):
    import numpy as np  # lazily: migration never loads numpy

    reorder = gru_order if name == "gru" else (lambda a: a)
    arrays = [reorder(p[f"weight_ih_{key}"]).T, reorder(p[f"weight_hh_{key}"]).T]
    if attrs["bias"]:
        b_ih, b_hh = reorder(p[f"bias_ih_{key}"]), reorder(p[f"bias_hh_{key}"])
        if name == "gru":
            if not attrs.get("reset_after", True):
                raise ValueError("GRU reset_after=False weights have no PyTorch layout")
            arrays.append(np.stack([b_ih, b_hh]))
        else:
            arrays.append(b_ih + b_hh)  # Keras has one bias where PyTorch adds two
    return [np.ascontiguousarray(a) for a in arrays]


def _layer_from_keras(name, arrays, key, attrs):
    import numpy as np  # lazily: migration never loads numpy

    reorder = gru_order if name == "gru" else (lambda a: a)
    found = {f"weight_ih_{key}": reorder(arrays[0].T), f"weight_hh_{key}": reorder(arrays[1].T)}
    if attrs["bias"]:
        bias = arrays[2]
        if name == "gru":
            found[f"bias_ih_{key}"], found[f"bias_hh_{key}"] = reorder(bias[0]), reorder(bias[1])
        else:
            found[f"bias_ih_{key}"], found[f"bias_hh_{key}"] = bias, np.zeros_like(bias)
    return {k: np.ascontiguousarray(v) for k, v in found.items()}


def _suffixes(attrs):
    return ("", "_reverse") if attrs["bidirectional"] else ("",)


def _per_layer(attrs):
    return len(_suffixes(attrs)) * (3 if attrs["bias"] else 2)


def keras_from_torch(name, canonical, attrs):
    """{"" or layer index: get_weights() list (forward then backward when bidirectional)}."""
    groups = {}
    for layer in range(attrs["num_layers"]):
        arrays = []
        for suffix in _suffixes(attrs):
            arrays += _layer_to_keras(name, canonical, f"l{layer}{suffix}", attrs)
        groups[str(layer) if attrs["num_layers"] > 1 else ""] = arrays
    return groups


def torch_from_keras(name, groups, attrs):
    canonical = {}
    size = _per_layer(attrs) // len(_suffixes(attrs))
    for layer in range(attrs["num_layers"]):
        arrays = groups[str(layer) if attrs["num_layers"] > 1 else ""]
        for i, suffix in enumerate(_suffixes(attrs)):
            canonical.update(_layer_from_keras(name, arrays[i * size:(i + 1) * size], f"l{layer}{suffix}", attrs))
    return canonical
