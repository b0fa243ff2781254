"""Normalisation: BatchNorm, LayerNorm, GroupNorm, InstanceNorm.

Canonical momentum and eps are PyTorch's; Keras momentum is ``1 - m`` and its eps default is
1e-3, so both are always written. Keras has one BatchNormalization class for every rank, so
``batch_norm`` reads into the rank-generic ``batch_norm``, rewritten for PyTorch into ``batch_norm1d/2d/3d``
by input rank (hook ``rewrite``). InstanceNorm has no Keras layer: GroupNormalization(groups=C) computes it.
"""
from ..helpers import one_minus, same
from ..registry import register
from ..schema import Arg, Attr, Kind, Param, Spelling

KERAS_AFFINE = (Param("gamma", "weight"), Param("beta", "bias"))
KERAS_STATS = (Param("moving_mean", "running_mean"), Param("moving_variance", "running_var"))


def channels(attrs, inputs):
    return inputs[0].dim(attrs.get("axis") or "C")


def batch_norm_weights(a):
    c = a["num_features"]
    shapes = {"weight": (c,), "bias": (c,)} if a["affine"] else {}
    if a["track_running_stats"]:
        shapes.update(running_mean=(c,), running_var=(c,))  # num_batches_tracked: a counter, not a weight
    return shapes


def torch_norm_args(affine_default, stats_default):
    return (Arg("num_features", "num_features", always=True), Arg("eps", "eps", 1e-5, always=True),
            Arg("momentum", "momentum", 0.1, always=True), Arg("affine", "affine", affine_default),
            Arg("track_running_stats", "track_running_stats", stats_default))


def by_rank(prefix):
    """``rewrite`` hook: a rank-generic kind -> the per-rank kind PyTorch needs (BatchNorm1d/2d/3d)."""
    def rewrite(attrs, inputs):
        if not inputs or inputs[0] is None:
            return None
        return {"kind": f"{prefix}{max(inputs[0].rank - 2, 1)}d", "attrs": attrs}
    return rewrite


BATCH_NORM_ATTRS = (
    Attr("num_features", "int", inferred=True, of_input=True), Attr("eps", "float", 1e-5),
    Attr("momentum", "float", 0.1, doc="PyTorch convention: weight of the new batch statistic"),
    Attr("affine", "bool", True), Attr("track_running_stats", "bool", True),
    Attr("axis", "axis", "C", doc="the normalised (channel) axis"))


def torch_batch_norm(n, read=True, hooks=None):
    return Spelling("torch", "layer", f"torch.nn.BatchNorm{n}d", torch_norm_args(True, True),
                    positional=("num_features", "eps", "momentum", "affine", "track_running_stats"),
                    params=tuple(Param(p, p) for p in ("weight", "bias", "running_mean", "running_var")),
                    layout="first", read=read, hooks=hooks or {})


def keras_batch_norm(read):
    return Spelling("keras", "layer", "keras.layers.BatchNormalization",
                    (Arg("axis", "axis", -1), Arg("momentum", "momentum", 0.99, one_minus, one_minus, always=True),
                     Arg("epsilon", "eps", 1e-3, always=True), Arg("center", "affine", True),
                     Arg("scale", "affine", True)),
                    positional=("axis", "momentum", "epsilon", "center", "scale"),
                    params=KERAS_AFFINE + KERAS_STATS, read=read)


def batch_norm_kind(name, spellings, doc, spatial=None):
    return Kind(name=name, family="norm", attrs=BATCH_NORM_ATTRS, shape=same, weights=batch_norm_weights, spatial=spatial,
                infer=lambda a, inputs: {"num_features": channels(a, inputs)}, spellings=spellings, doc=doc)


BATCH_NORMS = (
    batch_norm_kind("batch_norm", (keras_batch_norm(True), torch_batch_norm(2, False, {"rewrite": by_rank("batch_norm")})),
                    "batch normalisation over the channel axis, any rank (Keras's one class)"),
    *(batch_norm_kind(f"batch_norm{n}d", (torch_batch_norm(n), keras_batch_norm(False)),
                      f"batch normalisation of {n}-D feature maps" if n > 1 else "batch normalisation of features",
                      (n,) if n > 1 else (0, 1))
      for n in (1, 2, 3)),
)

layer_norm = Kind(
    name="layer_norm", family="norm",
    attrs=(Attr("normalized_shape", "ints", None, inferred=True, of_input=True), Attr("axes", "axes", None, inferred=True),
           Attr("eps", "float", 1e-5), Attr("elementwise_affine", "bool", True), Attr("bias", "bool", True)),
    shape=same,
    infer=lambda a, inputs: infer_layer_norm(a, inputs[0]),
    weights=lambda a: {**({"weight": a["normalized_shape"]} if a["elementwise_affine"] else {}),
                       **({"bias": a["normalized_shape"]} if a["elementwise_affine"] and a["bias"] else {})},
    spellings=(
        Spelling("torch", "layer", "torch.nn.LayerNorm",
                 (Arg("normalized_shape", "normalized_shape", to_fw=lambda s: s[0] if len(s) == 1 else list(s),
                      from_fw=lambda v: (v,) if isinstance(v, int) else tuple(v), always=True),
                  Arg("eps", "eps", 1e-5, always=True), Arg("elementwise_affine", "elementwise_affine", True),
                  Arg("bias", "bias", True)),
                 positional=("normalized_shape", "eps", "elementwise_affine", "bias"),
                 params=(Param("weight", "weight"), Param("bias", "bias")), layout="last"),
        Spelling("keras", "layer", "keras.layers.LayerNormalization",
                 (Arg("axis", "axes", -1, to_fw=lambda v: v[0] if len(v) == 1 else list(v),
                      from_fw=lambda v: (v,) if isinstance(v, int) else tuple(v), always=True),
                  Arg("epsilon", "eps", 1e-3, always=True), Arg("center", "bias", True),
                  Arg("scale", "elementwise_affine", True)),
                 positional=("axis", "epsilon", "center", "scale"), params=KERAS_AFFINE),
    ),
    doc="normalisation over the trailing axes of each sample",
)


def infer_layer_norm(attrs, x):
    if attrs.get("axes") is None:
        n = len(attrs["normalized_shape"])
        return {"axes": x.roles[x.rank - n:], "normalized_shape": x.shape[x.rank - n:]}
    return {"normalized_shape": tuple(x.dim(r) for r in attrs["axes"])}


group_norm = Kind(
    name="group_norm", family="norm",
    attrs=(Attr("num_groups", "int"), Attr("num_channels", "int", inferred=True, of_input=True), Attr("eps", "float", 1e-5),
           Attr("affine", "bool", True), Attr("axis", "axis", "C")),
    shape=same,
    infer=lambda a, inputs: {"num_channels": channels(a, inputs)},
    weights=lambda a: {"weight": (a["num_channels"],), "bias": (a["num_channels"],)} if a["affine"] else {},
    spellings=(
        Spelling("torch", "layer", "torch.nn.GroupNorm",
                 (Arg("num_groups", "num_groups", always=True), Arg("num_channels", "num_channels", always=True),
                  Arg("eps", "eps", 1e-5, always=True), Arg("affine", "affine", True)),
                 positional=("num_groups", "num_channels", "eps", "affine"),
                 params=(Param("weight", "weight"), Param("bias", "bias")), layout="first"),
        Spelling("keras", "layer", "keras.layers.GroupNormalization",
                 (Arg("groups", "num_groups", 32, always=True), Arg("axis", "axis", -1),
                  Arg("epsilon", "eps", 1e-3, always=True), Arg("center", "affine", True),
                  Arg("scale", "affine", True)),
                 positional=("groups", "axis", "epsilon", "center", "scale"), params=KERAS_AFFINE),
    ),
    doc="normalisation over groups of channels",
)


def instance_as_group_norm(attrs, inputs):
    """Keras has no InstanceNorm: GroupNormalization with one group per channel computes it."""
    return {"kind": "group_norm", "attrs": {"num_groups": attrs["num_features"], "num_channels": attrs["num_features"],
                                            "eps": attrs["eps"], "affine": attrs["affine"], "axis": attrs["axis"]}}


def refuse_running_stats(attrs):
    if attrs.get("track_running_stats"):
        return "InstanceNorm with track_running_stats=True has no Keras equivalent"
    return None


def instance_norm_kind(n):
    return Kind(
        name=f"instance_norm{n}d", family="norm", spatial=(n,),
        attrs=(Attr("num_features", "int", inferred=True, of_input=True), Attr("eps", "float", 1e-5),
               Attr("momentum", "float", 0.1), Attr("affine", "bool", False),
               Attr("track_running_stats", "bool", False), Attr("axis", "axis", "C")),
        shape=same, weights=batch_norm_weights,
        infer=lambda a, inputs: {"num_features": channels(a, inputs)},
        spellings=(
            Spelling("torch", "layer", f"torch.nn.InstanceNorm{n}d", torch_norm_args(False, False),
                     positional=("num_features", "eps", "momentum", "affine", "track_running_stats"),
                     params=tuple(Param(p, p) for p in ("weight", "bias", "running_mean", "running_var")),
                     layout="first"),
            Spelling("keras", "layer", "keras.layers.GroupNormalization",
                     (Arg("axis", "axis", -1), Arg("epsilon", "eps", 1e-3, always=True),
                      Arg("center", "affine", True, always=True), Arg("scale", "affine", True, always=True)),
                     positional=("groups", "axis", "epsilon", "center", "scale"), params=KERAS_AFFINE, read=False,
                     hooks={"rewrite": instance_as_group_norm, "refuse": refuse_running_stats}),
        ),
        doc=f"per-sample, per-channel normalisation of {n}-D maps (Keras: GroupNormalization(groups=C))",
    )


register(*BATCH_NORMS, layer_norm, group_norm, *(instance_norm_kind(n) for n in (1, 2, 3)))
