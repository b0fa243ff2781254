"""Keras augmentation layers inside a model: they change the images while training only, and are
the identity at inference (``training=False``), as dropout is.

``RandomFlip`` flips each sample with probability 1/2 along the axes its mode names; PyTorch has
no layer for it, so the migrated forward writes the same draw inline, while training only."""
from ..registry import register
from ..schema import REQUIRED, Arg, Attr, Inexpressible, Kind, Spelling
from ..helpers import same

MODES = {"horizontal": ("W",), "vertical": ("H",), "horizontal_and_vertical": ("H", "W")}
AXES_FIRST = {"H": 2, "W": 3}  # (N, C, H, W)


def torch_flip(attrs, x, state=None):
    """Each sample flipped with probability 1/2 along each axis of the mode, while training."""
    mode = attrs["mode"]
    if mode not in MODES:
        raise Inexpressible(f"RandomFlip mode={mode!r} is not one of {sorted(MODES)}")
    text = x
    for role in MODES[mode]:
        flip = f"torch.rand({x}.size(0), 1, 1, 1, device={x}.device) < 0.5"
        text = f"torch.where({flip}, {text}.flip({AXES_FIRST[role]}), {text})"
    return f"({text} if self.training else {x})"


register(
    Kind(name="random_flip", family="augmentation",
         attrs=(Attr("mode", "str", "horizontal_and_vertical", doc="horizontal, vertical or both"),
                Attr("seed", "int", None, neutral=True, doc="the draw's seed; None: drawn at run time")),
         shape=same, spatial=(2,),
         spellings=(
             Spelling("keras", "layer", "keras.layers.RandomFlip", (Arg("mode", "mode", "horizontal_and_vertical"),
                                                                    Arg("seed", "seed", None)),
                      positional=("mode", "seed"), layout="last"),
             Spelling("torch", "function", "torch.where", read=False, layout="first",
                      hooks={"expression": torch_flip}),
         ),
         doc="flip each image at random while training (identity at inference)"),
)


PADDING = {"reflect": "reflection", "nearest": "border", "constant": "zeros"}


def _turns(factor) -> tuple[float, float]:
    low, high = (-factor, factor) if isinstance(factor, (int, float)) else tuple(factor)
    return float(low), float(high)


def torch_rotation(attrs, x, state=None):
    low, high = _turns(attrs["factor"])
    if attrs["fill_mode"] not in PADDING or (attrs["fill_mode"] == "constant" and attrs["fill_value"] != 0.0):
        raise Inexpressible(f"RandomRotation fill_mode={attrs['fill_mode']!r} (fill_value={attrs['fill_value']!r}) "
                            "has no grid_sample padding: only 'reflect', 'nearest' and 'constant' with 0")
    if attrs["interpolation"] not in ("bilinear", "nearest"):
        raise Inexpressible(f"RandomRotation interpolation={attrs['interpolation']!r}: only bilinear or nearest")
    return (f"(random_rotation({x}, {low!r}, {high!r}, {attrs['interpolation']!r}, "
            f"{PADDING[attrs['fill_mode']]!r}) if self.training else {x})")


def rotation_helper(name_of):
    """``random_rotation``: written once into a generated PyTorch file that rotates images;
    ``name_of(dotted)`` is how the file reaches a name (and imports it)."""
    torch = name_of("torch.rand").removesuffix(".rand")
    functional = name_of("torch.nn.functional.grid_sample").removesuffix(".grid_sample")
    math = name_of("math.pi").removesuffix(".pi")
    return "random_rotation", f'''def random_rotation(x, low, high, mode, padding_mode):
    """Each image of (N, C, H, W) turned about its centre by a fraction of a full turn drawn from
    [low, high] (counter-clockwise for positive fractions, as Keras's RandomRotation)."""
    angle = ({torch}.rand(x.size(0), device=x.device) * (high - low) + low) * 2 * {math}.pi
    cos, sin, zero = {torch}.cos(angle), {torch}.sin(angle), {torch}.zeros_like(angle)
    height, width = x.size(2), x.size(3)
    theta = {torch}.stack([{torch}.stack([cos, -sin * height / width, zero], 1),
                         {torch}.stack([sin * width / height, cos, zero], 1)], 1)
    grid = {functional}.affine_grid(theta, list(x.shape), align_corners=False)
    return {functional}.grid_sample(x, grid, mode=mode, padding_mode=padding_mode, align_corners=False)
'''


register(
    Kind(name="random_rotation", family="augmentation",
         attrs=(Attr("factor", "any", REQUIRED, doc="a fraction of a full turn, or (low, high)"),
                Attr("fill_mode", "str", "reflect"), Attr("interpolation", "str", "bilinear"),
                Attr("fill_value", "float", 0.0),
                Attr("seed", "int", None, neutral=True, doc="the draw's seed; None: drawn at run time")),
         shape=same, spatial=(2,),
         spellings=(
             Spelling("keras", "layer", "keras.layers.RandomRotation",
                      (Arg("factor", "factor", always=True), Arg("fill_mode", "fill_mode", "reflect"),
                       Arg("interpolation", "interpolation", "bilinear"), Arg("seed", "seed", None),
                       Arg("fill_value", "fill_value", 0.0)),
                      positional=("factor", "fill_mode", "interpolation", "seed", "fill_value"), layout="last"),
             Spelling("torch", "function", "nnport.random_rotation", read=False, layout="first",
                      hooks={"expression": torch_rotation, "helper_to_fw": rotation_helper}),
         ),
         doc="turn each image by a random angle while training (identity at inference)"),
)
