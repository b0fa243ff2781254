"""Sub-pixel rearrangements: channels into space (pixel shuffle) and back.

The two frameworks order the moved channels differently. PyTorch's ``PixelShuffle(r)`` reads
channel ``c * r * r + i * r + j`` into pixel ``(i, j)`` of output channel ``c`` (channels outer);
TensorFlow's ``depth_to_space(x, r)`` on NHWC reads channel ``(i * r + j) * C + c`` (channels
inner). They are two kinds here, each written natively where it has a spelling and as a short
expression of the other framework's op with the channels reordered where not:

* ``pixel_shuffle`` in Keras: ``keras.ops.depth_to_space`` of the channels taken in
  channels-inner order (``keras.ops.take`` with the index list written as a comprehension; the
  op's ``data_format="channels_first"`` does not help: TensorFlow keeps its own order there);
* ``depth_to_space`` in PyTorch: the channels regrouped to channels-outer
  (``unflatten`` / ``permute`` / ``flatten``) then ``pixel_shuffle``.

The unshuffles (``PixelUnshuffle``, ``space_to_depth``) are their inverses, written likewise.
"""
from ...ir.types import CHANNEL
from ..helpers import spatial_sizes, with_spatial
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling


def moved_shape(up: bool):
    """(N, C*r*r, H, W) -> (N, C, H*r, W*r) by roles; the inverse when not ``up``."""
    def shape(attrs, inputs):
        x, r = inputs[0], attrs["factor"]
        sizes, channels = spatial_sizes(x), x.dim(CHANNEL)
        if len(sizes) != 2:
            raise ValueError(f"it moves channels into 2 spatial axes; its input {x} has {len(sizes)}")
        if up:
            if _known(channels, r) and channels % (r * r):
                raise ValueError(f"{channels} channels do not divide into {r}x{r} blocks")
            return [with_spatial(x, [None if s is None else s * r for s in sizes],
                                 None if channels is None else channels // (r * r))]
        if any(_known(s, r) and s % r for s in sizes):
            raise ValueError(f"spatial sizes {sizes} do not divide by {r}")
        return [with_spatial(x, [None if s is None else s // r for s in sizes],
                             None if channels is None else channels * r * r)]
    return shape


def _known(*values) -> bool:
    """Numbers, not sizes known only when the model runs (a constructor argument)."""
    return all(isinstance(v, int) for v in values)


def input_channels(attrs, inputs):
    """Hook ``infer``: the input's channel count, which the Keras spelling of the channels-outer
    order needs to regroup them."""
    return {"channels": inputs[0].dim(CHANNEL)}


def _regroup(attrs) -> tuple[int, int]:
    """(r * r, channels per block) of the output (shuffle) or of the input (unshuffle)."""
    if attrs.get("channels") is None:
        raise Inexpressible("the Keras spelling regroups the channels and needs their number (no input type gave it)")
    return attrs["factor"] ** 2, attrs["channels"]


def keras_shuffle_outer(attrs, x):
    blocks, channels = _regroup(attrs)
    per = channels // blocks
    order = f"[c * {blocks} + s for s in range({blocks}) for c in range({per})]"
    return f"keras.ops.depth_to_space(keras.ops.take({x}, {order}, axis=-1), {attrs['factor']!r})"


def keras_unshuffle_outer(attrs, x):
    blocks, channels = _regroup(attrs)
    order = f"[s * {channels} + c for c in range({channels}) for s in range({blocks})]"
    return f"keras.ops.take(keras.ops.space_to_depth({x}, {attrs['factor']!r}), {order}, axis=-1)"


def torch_shuffle_inner(attrs, x):
    r = attrs["factor"]
    return f"nn.functional.pixel_shuffle({x}.unflatten(1, ({r}, {r}, -1)).permute(0, 3, 1, 2, 4, 5).flatten(1, 3), {r})"


def torch_unshuffle_inner(attrs, x):
    r = attrs["factor"]
    return f"nn.functional.pixel_unshuffle({x}, {r}).unflatten(1, (-1, {r}, {r})).permute(0, 2, 3, 1, 4, 5).flatten(1, 3)"


def _kind(name, up, torch_cls, torch_fn, torch_arg, tf_fn, torch_inner, keras_outer, doc_outer, doc_inner):
    factor = Attr("factor", "int", 2, doc="block size r")
    channels = Attr("channels", "int", None, inferred=True, neutral=True, doc="input channels")
    torch_layer = Spelling("torch", "layer", f"torch.nn.{torch_cls}", (Arg(torch_arg, "factor", always=True),),
                           positional=(torch_arg,), layout="first")
    torch_function = Spelling("torch", "function", f"torch.nn.functional.{torch_fn}",
                              (Arg(torch_arg, "factor", always=True),), positional=("input", torch_arg), layout="first")
    block = (Arg("block_size", "factor", always=True),)
    outer = Kind(name=name, family="reshape", attrs=(factor, channels), shape=moved_shape(up), infer=input_channels,
                 doc=doc_outer, spellings=(
        torch_layer, torch_function,
        Spelling("keras", "function", f"keras.ops.{tf_fn}", block, positional=("x", "block_size"), layout="last",
                 read=False, hooks={"expression": keras_outer})))
    inner = Kind(name=tf_fn, family="reshape", attrs=(factor,), shape=moved_shape(up), doc=doc_inner,
                 spellings=(
        Spelling("keras", "function", f"tensorflow.nn.{tf_fn}", block, positional=("input", "block_size"),
                 layout="last"),
        Spelling("keras", "function", f"keras.ops.{tf_fn}", block, positional=("x", "block_size"), layout="last"),
        Spelling("torch", "function", f"torch.nn.functional.{torch_fn}", (Arg(torch_arg, "factor", always=True),),
                 positional=("input", torch_arg), layout="first", read=False, hooks={"expression": torch_inner})))
    return outer, inner


register(
    *_kind("pixel_shuffle", True, "PixelShuffle", "pixel_shuffle", "upscale_factor", "depth_to_space",
           torch_shuffle_inner, keras_shuffle_outer, "channels into r x r blocks of pixels, channels outer (PyTorch's order)",
           "channels into r x r blocks of pixels, channels inner (TensorFlow's order)"),
    *_kind("pixel_unshuffle", False, "PixelUnshuffle", "pixel_unshuffle", "downscale_factor", "space_to_depth",
           torch_unshuffle_inner, keras_unshuffle_outer, "r x r blocks of pixels into channels, channels outer (PyTorch's order)",
           "r x r blocks of pixels into channels, channels inner (TensorFlow's order)"),
)
