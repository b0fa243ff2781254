"""Cropping of spatial axes (Keras Cropping1D/2D/3D).

PyTorch has no cropping layer; a zero-padding layer with negative amounts crops, so that is
its spelling (written only: reading ``ZeroPad2d`` gives a padding kind). The legalize pass
also writes cropping after a Keras transposed convolution that had explicit padding.
"""
from ..helpers import compact_pairs, pairs, spatial_sizes, torch_pad_to, with_spatial
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling


KERAS_DEFAULT = {1: (1, 1), 2: ((0, 0), (0, 0)), 3: ((1, 1), (1, 1), (1, 1))}


def crop_shape(attrs, inputs):
    x = inputs[0]
    sizes = [None if s is None else s - b - a for s, (b, a) in zip(spatial_sizes(x), attrs["crops"])]
    return [with_spatial(x, sizes)]


def negative_torch_pads(crops):
    return torch_pad_to(tuple((-b, -a) for b, a in crops))


def cropping_kind(n):
    return Kind(
        name=f"cropping{n}d", family="padding", spatial=(n,),
        attrs=(Attr("crops", "padding", doc="per spatial axis (before, after) removed, outer axis first"),),
        shape=crop_shape,
        spellings=(
            Spelling("torch", "layer", f"torch.nn.ZeroPad{n}d",
                     (Arg("padding", "crops", to_fw=negative_torch_pads, always=True),),
                     positional=("padding",), layout="first", read=False),
            Spelling("keras", "layer", f"keras.layers.Cropping{n}D",
                     (Arg("cropping", "crops", KERAS_DEFAULT[n], to_fw=compact_pairs, from_fw=pairs(n), always=True),),
                     positional=("cropping",), layout="last"),
        ),
        doc=f"remove rows at both ends of the {n} spatial axes",
    )


register(*(cropping_kind(n) for n in (1, 2, 3)))
