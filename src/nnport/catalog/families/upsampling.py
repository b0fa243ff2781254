"""Upsampling: nn.Upsample (one class, any rank) <-> UpSampling1D/2D/3D (one per rank).

Each framework reads into its own form: PyTorch into the rank-generic ``upsample``, Keras into
``upsample{n}d``; the legalize pass picks the per-rank kind for Keras by input rank (hook
``rewrite``). Keras only repeats by integer factors ('nearest', or 'bilinear' in 2-D).
"""
from ..helpers import as_tuple, compact, spatial_sizes, with_spatial
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling


def corners_from_fw(value):
    """PyTorch's align_corners=False is its default None: one canonical value for both."""
    return None if value is False else value


ALIGN_CORNERS = Arg("align_corners", "align_corners", None, from_fw=corners_from_fw)


def factors(scale, n):
    return tuple(scale) if isinstance(scale, (list, tuple)) else (scale,) * n


def upsample_shape(attrs, inputs):
    x = inputs[0]
    sizes = spatial_sizes(x)
    if attrs.get("size") is not None:
        return [with_spatial(x, list(as_tuple(len(sizes))(attrs["size"])))]
    if attrs.get("scale_factor") is None:  # PyTorch refuses it when called
        raise ValueError("it has neither size nor scale_factor")
    scale = factors(attrs["scale_factor"], len(sizes))
    return [with_spatial(x, [None if s is None else int(s * f) for s, f in zip(sizes, scale)])]


def per_rank(attrs, inputs):
    """``rewrite`` hook: the Keras class for the input's rank, with integer factors."""
    if not inputs or inputs[0] is None:
        return None
    n = len(spatial_sizes(inputs[0]))
    if n not in (1, 2, 3):  # the shape rule refused such an input (reported); --allow-partial gets here
        raise Inexpressible(f"Keras has no upsampling layer for {n} spatial axes")
    scale = tuple(int(f) for f in factors(attrs["scale_factor"], n))
    return {"kind": f"upsample{n}d", "attrs": {**attrs, "scale_factor": scale}}


def refuse_for_keras(attrs):
    if attrs.get("size") is not None:
        return "Keras UpSampling takes integer factors, not an output size"
    if attrs.get("scale_factor") is None:
        return "it has neither size nor scale_factor"
    if any(float(f) != int(f) for f in factors(attrs["scale_factor"], 1)):
        return f"Keras UpSampling takes integer factors, not {attrs['scale_factor']}"
    if attrs.get("align_corners"):
        return "align_corners=True has no Keras UpSampling equivalent"
    return None


ATTRS = (Attr("scale_factor", "floats", None, doc="per spatial axis, or one number for all"),
         Attr("size", "ints", None, doc="output size instead of a factor (PyTorch only)"),
         Attr("mode", "str", "nearest"),
         Attr("align_corners", "bool", None, doc="True, or None (PyTorch reads False as None)"))


def torch_upsample(read, hooks=None):
    return Spelling("torch", "layer", "torch.nn.Upsample",
                    (Arg("size", "size", None), Arg("scale_factor", "scale_factor", None, compact),
                     Arg("mode", "mode", "nearest", always=True), ALIGN_CORNERS),
                    positional=("size", "scale_factor", "mode", "align_corners"), layout="first", read=read,
                    hooks=hooks or {})


def keras_upsampling(n, read, hooks=None):
    default = 2 if n == 1 else (2,) * n
    args = [Arg("size", "scale_factor", default, to_fw=lambda v: compact(tuple(int(f) for f in factors(v, n))),
                from_fw=as_tuple(n), always=True)]
    if n == 2:
        args.append(Arg("interpolation", "mode", "nearest"))
    return Spelling("keras", "layer", f"keras.layers.UpSampling{n}D", tuple(args),
                    positional=("size",), layout="last", read=read, hooks=hooks or {})


register(
    Kind(name="upsample", family="upsampling", spatial=(1, 2, 3), attrs=ATTRS, shape=upsample_shape,
         spellings=(torch_upsample(True),
                    keras_upsampling(2, False, {"rewrite": per_rank, "refuse": refuse_for_keras})),
         doc="repeat or interpolate spatial axes by a factor (any rank)"),
    *(Kind(name=f"upsample{n}d", family="upsampling", spatial=(n,), attrs=ATTRS, shape=upsample_shape,
           spellings=(keras_upsampling(n, True), torch_upsample(False)),
           doc=f"{n}-D upsampling by integer factors")
      for n in (1, 2, 3)),
)
