"""Ops that only rearrange values: flatten, reshape, permute."""
from ..registry import register
from ..helpers import compact, compact_pairs, pairs, spatial_sizes, torch_pad_from, with_spatial
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling
from ...ir.types import TensorType


def _flatten_shape(attrs, inputs):
    x = inputs[0]
    start = x.axis(attrs["start"])
    end = attrs.get("end", -1)
    if not -x.rank <= end < x.rank or end % x.rank != x.rank - 1:
        raise ValueError(f"it flattens up to axis {end} (end_dim), not through the last axis of its input {x}; "
                         "only a flatten through the last axis is translated")
    tail = x.shape[start:]
    size = None if None in tail else _product(tail)
    roles = x.roles[:start] + ("C",) if "C" not in x.roles[:start] else x.roles[:start] + ("?f",)
    return [TensorType(x.shape[:start] + (size,), roles, x.dtype)]


def _product(values):
    out = 1
    for v in values:
        out *= v
    return out


register(Kind(
    name="flatten",
    family="reshape",
    attrs=(Attr("start", "axis", 1, doc="first axis flattened (through the last)"),
           Attr("end", "int", -1, doc="last axis flattened: only the last axis is translated")),
    shape=_flatten_shape,
    spellings=(
        Spelling("torch", "layer", "torch.nn.Flatten", (Arg("start_dim", "start", 1), Arg("end_dim", "end", -1)),
                 positional=("start_dim", "end_dim")),
        Spelling("torch", "function", "torch.flatten", (Arg("start_dim", "start", 0), Arg("end_dim", "end", -1)),
                 positional=("input", "start_dim", "end_dim")),
        Spelling("torch", "method", "Tensor.flatten", (Arg("start_dim", "start", 0), Arg("end_dim", "end", -1)),
                 positional=("start_dim", "end_dim")),
        Spelling("keras", "layer", "keras.layers.Flatten"),
    ),
    doc="collapse the axes from ``start`` on into one, in the source's axis order",
))


# --- permute and explicit padding (also written by the layout and legalize passes) ---------

def _permute_shape(attrs, inputs):
    x = inputs[0]
    return [x.permuted(tuple(x.axis(r) if isinstance(r, str) else r for r in attrs["dims"]))]


def _keras_permute_dims(dims):
    if dims[0] != 0:
        raise Inexpressible("keras.layers.Permute keeps the batch axis first")
    return tuple(dims[1:])


register(Kind(
    name="permute",
    family="reshape",
    attrs=(Attr("dims", "axes", doc="the input axes in output order (roles once inferred)"),),
    shape=_permute_shape,
    spellings=(
        Spelling("torch", "method", "Tensor.permute", (Arg("dims", "dims", always=True),), positional=("dims",)),
        Spelling("torch", "function", "torch.permute", (Arg("dims", "dims", always=True),),
                 positional=("input", "dims")),
        Spelling("keras", "layer", "keras.layers.Permute", (Arg("dims", "dims", to_fw=_keras_permute_dims,
                                                                from_fw=lambda d: (0, *d), always=True),),
                 positional=("dims",)),
        Spelling("keras", "function", "keras.ops.transpose", (Arg("axes", "dims", None, always=True),),
                 positional=("x", "axes")),
    ),
    is_op=True,
    doc="reorder axes",
))


def _pad_shape(attrs, inputs):
    x = inputs[0]
    sizes = [None if s is None else s + b + a for s, (b, a) in zip(spatial_sizes(x), attrs["pads"])]
    return [with_spatial(x, sizes)]


def _torch_pads(pads):
    """((top, bottom), (left, right)) -> (left, right, top, bottom): last axis first."""
    flat = tuple(v for pair in reversed(pads) for v in pair)
    return compact(flat)


def _keras_pads(pads):
    """Symmetric pairs compact to one int per axis (or one int); asymmetric ones stay pairs."""
    return compact_pairs(tuple(tuple(p) for p in pads))


def pad_kind(n, zero):
    pads = Arg("padding", "pads", to_fw=_torch_pads, from_fw=torch_pad_from(n), always=True)
    torch = (Spelling("torch", "layer", f"torch.nn.ZeroPad{n}d", (pads,), positional=("padding",), layout="first")
             if zero else
             Spelling("torch", "layer", f"torch.nn.ConstantPad{n}d", (pads, Arg("value", "value", always=True)),
                      positional=("padding", "value"), layout="first"))
    keras = (Spelling("keras", "layer", f"keras.layers.ZeroPadding{n}D",
                      (Arg("padding", "pads", {1: 1, 2: (1, 1), 3: ((1, 1),) * 3}[n], to_fw=_keras_pads,
                                from_fw=pairs(n), always=True),),
                      positional=("padding",),
                      layout="last")
             if zero else
             Spelling("keras", "function", "keras.ops.pad",
                      (Arg("pad_width", "pads", to_fw=lambda p: ((0, 0), *p, (0, 0)), always=True),
                       Arg("constant_values", "value", None, always=True)),
                      positional=("x", "pad_width"), layout="last", read=False))
    attrs = (Attr("pads", "padding", doc="per spatial axis (before, after), outer axis first"),)
    return Kind(name=f"{'zero' if zero else 'constant'}_pad{n}d", family="reshape", spatial=(n,),
                attrs=attrs if zero else attrs + (Attr("value", "float", 0.0),),
                shape=_pad_shape, spellings=(torch, keras), doc=f"{n}-D padding with "
                + ("zeros" if zero else "a constant (max pooling pads with -inf)"))


register(*(pad_kind(n, zero) for n in (1, 2, 3) for zero in (True, False)))
