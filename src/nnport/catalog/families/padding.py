"""Reflection padding (zero and constant padding live in reshape.py).

Canonical ``pads`` is per spatial axis ``((before, after), ...)``, outer axis first, like the
other padding kinds. Keras has no reflection layer: it is written with ``keras.ops.pad``.
"""
from ..helpers import spatial_sizes, torch_pad_from, torch_pad_to, with_spatial
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling


def pad_shape(attrs, inputs):
    x = inputs[0]
    sizes = [None if s is None else s + b + a for s, (b, a) in zip(spatial_sizes(x), attrs["pads"])]
    return [with_spatial(x, sizes)]


def reflection_pad_kind(n):
    return Kind(
        name=f"reflection_pad{n}d", family="padding", spatial=(n,),
        attrs=(Attr("pads", "padding", doc="per spatial axis (before, after), outer axis first"),
               Attr("mode", "str", "reflect", doc="fixed: lets keras.ops.pad spell its mode")),
        shape=pad_shape,
        spellings=(
            Spelling("torch", "layer", f"torch.nn.ReflectionPad{n}d",
                     (Arg("padding", "pads", to_fw=torch_pad_to, from_fw=torch_pad_from(n), always=True),),
                     positional=("padding",), layout="first"),
            Spelling("keras", "function", "keras.ops.pad",
                     (Arg("pad_width", "pads", to_fw=lambda p: ((0, 0), *p, (0, 0)),
                          from_fw=lambda w: tuple(tuple(p) for p in w[1:-1]), always=True),
                      Arg("mode", "mode", "constant", always=True)),
                     positional=("x", "pad_width", "mode"), layout="last", read=False),
        ),
        doc=f"mirror padding of the {n} spatial axes (the edge value is not repeated)",
    )


register(*(reflection_pad_kind(n) for n in (1, 2, 3)))
