"""Tensor ops: the shape rule against the real torch function and the real keras.ops function,
each called through its catalog spelling (arguments converted by to_fw, axes as positions)."""
import operator

import numpy as np
import pytest
import torch

import keras
from layer_builders import framework_kwargs, resolve_name
from nnport.catalog import registry
from nnport.ir.types import channels_first, generic

A, B = (2, 3, 4), (2, 3, 4)
# kind: (canonical attributes with roles of generic (N, ?1, C) inputs, input shapes)
OPS = {
    **{name: ({}, [A, B]) for name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow")},
    "matmul": ({}, [A, (2, 4, 5)]),
    **{name: ({}, [A]) for name in ("exp", "log", "sqrt", "abs", "neg", "square", "rsqrt", "logical_not")},
    "clip": ({"min": -0.5, "max": 0.5}, [A]),
    "concat": ({"axis": "C"}, [A, (2, 3, 2)]), "stack": ({"axis": 1}, [A, B]),
    "split": ({"size": (1, 3), "axis": "C"}, [A]), "chunk": ({"chunks": 2, "axis": "C"}, [A]),
    "reshape": ({"shape": (None, 12)}, [A]), "permute": ({"dims": ("N", "C", "?1")}, [A]),
    "transpose": ({"axis0": "?1", "axis1": "C"}, [A]), "squeeze": ({"axis": "?1"}, [(2, 1, 4)]),
    "unsqueeze": ({"axis": 1}, [A]),
    **{name: ({"axes": ("?1",), "keepdims": True}, [A]) for name in ("mean", "sum", "max", "min")},
    "getitem": ({"index": ((None, None, None), 0, (1, None, None))}, [A]),
    "pad": ({"pads": ((0, 0), (0, 0), (1, 2)), "mode": "constant", "value": 0.0}, [A]),
    "interpolate": ({"size": (6, 8), "mode": "nearest"}, [(2, 3, 3, 4)]),
    **{name: ({"axis": "?1", "keepdims": False}, [A]) for name in ("argmax", "argmin")},
    "normalize": ({"axis": "C"}, [A]), "expand_as": ({}, [(2, 1, 4), A]),
    "random_normal_like": ({"stddev": 0.5}, [A]), "random_uniform_like": ({"minval": -1.0}, [A]),
    "isfinite": ({}, [A]), "square_subsequent_mask": ({"axis": 1}, [A]),  # a (3, 3) mask as long as axis 1
    "positions": ({"axis": 1, "start": 1}, [A]),  # 1, 2: the positions of axis 1 from 1
    # (N, heads, L, E) query, (N, heads, S, E) key, (N, heads, S, Ev) value
    "scaled_dot_product_attention": ({"is_causal": True, "scale": 0.3}, [(2, 2, 3, 4), (2, 2, 3, 4), (2, 2, 3, 5)]),
}
LISTS = {"concat", "stack"}
IMAGES = {"interpolate"}  # channels at axis 1 for torch, last for keras (the spellings' layouts)  # ops whose first argument is a list of tensors


def op_spelling(kind, framework):
    """The function a backend would call: a library function before operator.* and tf aliases."""
    functions = [s for s in kind.spellings if s.framework == framework and s.form in ("function", "layer")
                 and not s.name.startswith(("tensorflow.", "keras.layers."))]
    functions = functions or [s for s in kind.spellings if s.framework == framework and s.form == "method"]
    return next((s for s in functions if not s.name.startswith("operator.")), functions[0])


def run(kind, spelling, attrs, arrays, roles, to_tensor):
    if spelling.name == "operator.getitem":
        index = tuple(slice(*i) if isinstance(i, tuple) else i for i in attrs["index"])
        return operator.getitem(to_tensor(arrays[0]), index)
    if "expression" in spelling.hooks:  # written inline: evaluate the text the backend writes
        names = [f"t{i}" for i in range(len(arrays))]
        text = spelling.hooks["expression"](attrs, *names)
        return eval(text, {"keras": keras, "torch": torch, **dict(zip(names, map(to_tensor, arrays)))})
    kwargs = framework_kwargs(kind.name, spelling.framework, attrs, spelling, roles)
    tensors = [to_tensor(a) for a in arrays]
    fn = resolve_name(spelling.name)
    if spelling.form == "method":
        return getattr(tensors[0], spelling.name.rpartition(".")[2])(*tensors[1:], **kwargs)
    return fn(tensors, **kwargs) if kind.name in LISTS else fn(*tensors, **kwargs)


def shapes(out):
    return [tuple(o.shape) for o in out] if isinstance(out, (tuple, list)) else [tuple(out.shape)]


@pytest.mark.parametrize("name", sorted(OPS))
def test_op_shape_rule_matches_torch_and_keras(name):
    kind = registry.kind(name)
    attrs, input_shapes = OPS[name]
    attrs = {**kind.defaults(), **attrs}
    types = [(channels_first if name in IMAGES else generic)(s) for s in input_shapes]
    expected = [t.shape for t in kind.shape(attrs, types)]
    arrays = [np.abs(np.random.default_rng(i).standard_normal(s)).astype(np.float32) + 0.5
              for i, s in enumerate(input_shapes)]
    torch_out = run(kind, op_spelling(kind, "torch"), attrs, arrays, types[0].roles, torch.from_numpy)
    assert shapes(torch_out) == expected
    if name in IMAGES:
        arrays, expected = [np.moveaxis(a, 1, -1) for a in arrays], [(s[0], *s[2:], s[1]) for s in expected]
    keras_out = run(kind, op_spelling(kind, "keras"), attrs, arrays, types[0].roles, keras.ops.convert_to_tensor)
    assert shapes(keras_out) == expected


def test_every_op_has_a_row():
    assert [k.name for k in registry.kinds() if k.is_op and k.name not in OPS] == []
