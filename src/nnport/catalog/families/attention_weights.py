"""Weight conversion of multi-head attention between PyTorch's packed projections and Keras's
per-projection kernels (width, heads, head_dim); numpy arithmetic kept apart from the entry."""


def _packed(a):
    """PyTorch packs q, k, v in in_proj_weight when key and value have the query's width."""
    e = a["embed_dim"]
    return a["kdim"] in (None, e) and a["vdim"] in (None, e)


def _inner(a):
    """The heads' width together: embed_dim in PyTorch, num_heads * key_dim in Keras."""
    return a["num_heads"] * a["head_dim"] if a.get("head_dim") else a["embed_dim"]


def attention_weights(a):
    e, inner = a["embed_dim"], _inner(a)
    if _packed(a):
        shapes = {"in_proj_weight": (3 * inner, e)}
    else:
        shapes = {"q_proj_weight": (inner, e), "k_proj_weight": (inner, a["kdim"] or e),
                  "v_proj_weight": (inner, a["vdim"] or e)}
    shapes["out_proj.weight"] = (e, inner)
    return {**shapes, "in_proj_bias": (3 * inner,), "out_proj.bias": (e,)} if a["bias"] else shapes


def _projections(p, a):
    """The (out, in) matrices of the query, key and value projections."""
    inner = _inner(a)
    if _packed(a):
        return [p["in_proj_weight"][i * inner:(i + 1) * inner] for i in range(3)]
    return [p["q_proj_weight"], p["k_proj_weight"], p["v_proj_weight"]]


def to_keras(p, a):
    import numpy as np  # lazily: migration never loads numpy

    e, heads, dim, inner = a["embed_dim"], a["num_heads"], a["head_dim"], _inner(a)
    arrays = []
    for i, w in enumerate(_projections(p, a)):  # query, key, value
        arrays.append(w.T.reshape(w.shape[1], heads, dim))
        if a["bias"]:
            arrays.append(p["in_proj_bias"][i * inner:(i + 1) * inner].reshape(heads, dim))
    arrays.append(p["out_proj.weight"].T.reshape(heads, dim, e))
    if a["bias"]:
        arrays.append(p["out_proj.bias"])
    return {"": [np.ascontiguousarray(x) for x in arrays]}


def from_keras(w, a):
    import numpy as np  # lazily: migration never loads numpy

    arrays, e, inner = list(w[""]), a["embed_dim"], _inner(a)
    step = 2 if a["bias"] else 1
    matrices = [np.ascontiguousarray(arrays[i * step].reshape(-1, inner).T) for i in range(3)]
    found = {"in_proj_weight": np.concatenate(matrices)} if _packed(a) else \
        dict(zip(("q_proj_weight", "k_proj_weight", "v_proj_weight"), matrices))
    found["out_proj.weight"] = np.ascontiguousarray(arrays[3 * step].reshape(inner, e).T)
    if a["bias"]:
        found["in_proj_bias"] = np.concatenate([arrays[i * step + 1].reshape(inner) for i in range(3)])
        found["out_proj.bias"] = arrays[-1]
    return found
