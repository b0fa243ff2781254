"""Pooling: windowed max/avg, global and adaptive pooling, 1-D to 3-D.

Canonical ``stride`` None means "the window size" in both frameworks; shape inference
fills it. Keras 'same' average pooling never counts the padded cells, so reading it sets
``count_include_pad=False`` (hook ``attrs_from_fw``). With stride 1, TF's 'same' pads
``k - 1`` cells whatever the input size, which PyTorch writes as ``(k - 1) / 2`` per side
(odd windows): the ``rewrite`` hooks turn one into the other in both directions.
"""
from ..helpers import (as_tuple, compact, drop_roles, explicit_padding, resolve_padding, same_padding,
                       spatial_sizes, window_out, with_spatial)
from ..registry import register
from ..schema import ABSENT, Arg, Attr, Inexpressible, Kind, Spelling
from .conv import keras_padding_to, same_pairs, torch_padding_from

NAMES = {"max": ("MaxPool", "MaxPooling", "AdaptiveMaxPool", "AdaptiveMaxPooling", "amax", "GlobalMaxPooling"),
         "avg": ("AvgPool", "AveragePooling", "AdaptiveAvgPool", "AdaptiveAveragePooling", "mean",
                 "GlobalAveragePooling")}


def optional_tuple(n):
    to_tuple = as_tuple(n)
    return lambda value: None if value is None else to_tuple(value)


def optional_compact(value):
    return None if value is None else compact(value)


def keras_pool_default(op, n):
    if op == "avg":
        return ABSENT
    return 2 if n == 1 else (2,) * n


def torch_pool_padding_to(value):
    if value == "valid":
        return 0
    if value != "same" and all(b == a for b, a in value):
        return compact(tuple(b for b, _ in value))
    raise Inexpressible(f"padding {value} (PyTorch pooling pads symmetrically, never 'same')")


def explicit_pool_padding(attrs, inputs):
    """Asymmetric max-pool padding (TF 'same' with stride 2): pad with -inf first, so padded
    cells never win the max, then pool with no padding."""
    pads = attrs.get("padding")
    if not isinstance(pads, tuple):
        return None
    step = (f"constant_pad{len(pads)}d", {"pads": pads, "value": float("-inf")})
    return {"attrs": {**attrs, "padding": "valid"}, "before": [step]}


def unit_stride_same(op):
    """Spelling hook ``rewrite`` (Keras): PyTorch's unit-stride padding that is TF's "same" for
    every input size (``nn.MaxPool2d(3, stride=1, padding=1)``) is written ``padding="same"``.
    Exact for max pooling (PyTorch pads with -inf, Keras ignores the padded cells) and for average
    pooling that does not count the padded cells (``count_include_pad=False``, as Keras' "same");
    PyTorch's default average, which counts them, is left to the padding's own refusal. A rewrite,
    not only the ``inexpressible`` hook: a function (``F.max_pool2d``) takes rewrites too."""
    def rewrite(attrs, inputs):
        pads, kernel = attrs.get("padding"), attrs["kernel_size"]
        stride = attrs.get("stride") or kernel
        if not isinstance(pads, tuple) or all(p == (0, 0) for p in pads) or any(s != 1 for s in stride) \
                or any(d != 1 for d in attrs.get("dilation", ())) or (op == "avg" and attrs["count_include_pad"]):
            return None
        if pads != tuple(same_padding(1, k, 1) for k in kernel):
            return None
        return {"attrs": {**attrs, "padding": "same", "ceil_mode": False}}  # ceil_mode: no effect at stride 1
    return rewrite


def ceil_as_padding(attrs, inputs):
    """Spelling hook ``rewrite`` (Keras max pooling): PyTorch's ``ceil_mode=True`` is a floor
    pooling over an input padded with -inf by ``stride - 1`` more cells after each axis, exact
    whatever the input size while no window could start in that padding (``pad + stride <=
    dilation * (kernel - 1) + 1``); else exact for a known size (the padding its output needs)."""
    if not attrs.get("ceil_mode"):
        return None
    kernel = attrs["kernel_size"]
    stride, dilation = attrs.get("stride") or kernel, attrs.get("dilation", (1,) * len(kernel))
    sizes = spatial_sizes(inputs[0]) if inputs and inputs[0] is not None else [None] * len(kernel)
    pads = resolve_padding(attrs["padding"], sizes, kernel, stride, dilation)
    if pads == "same":
        return {"attrs": {**attrs, "ceil_mode": False}}  # "same" covers every cell: nothing left over
    after = []
    for size, k, st, (before, pad), d in zip(sizes, kernel, stride, pads, dilation):
        span = d * (k - 1) + 1
        if pad + st <= span:
            after.append(pad + st - 1)
        elif size is not None:
            after.append(max(pad, (window_out(size, k, st, before, pad, d, True) - 1) * st + span - size - before))
        else:
            raise Inexpressible(f"ceil_mode=True with padding {pad} and stride {st}: the extra window depends "
                                "on the input size; give --input-shape")
    return {"attrs": {**attrs, "ceil_mode": False, "padding": tuple((b, a) for (b, _), a in zip(pads, after))}}


def first_rewrite(*hooks):
    def rewrite(attrs, inputs):
        return next((found for found in (hook(attrs, inputs) for hook in hooks) if found), None)
    return rewrite


def pool_shape(attrs, inputs):
    x = inputs[0]
    sizes, kernel = spatial_sizes(x), attrs["kernel_size"]
    stride = attrs["stride"] or kernel
    dilation = attrs.get("dilation", (1,) * len(kernel))
    pads = resolve_padding(attrs["padding"], sizes, kernel, stride, dilation)
    if pads == "same":
        return [with_spatial(x, [None if s is None else -(-s // st) for s, st in zip(sizes, stride)])]
    out = [window_out(s, k, st, b, a, d, attrs["ceil_mode"])
           for s, k, st, (b, a), d in zip(sizes, kernel, stride, pads, dilation)]
    return [with_spatial(x, out)]


def whole_window(op, n):
    """Hook ``read_sized``: ``F.max_pool1d(x, x.size(2))``, a window as long as each spatial axis
    of its own input (the last n axes of (N, C, *spatial)), is a global pooling keeping them."""
    def read(attrs, input_name):
        kernel, stride = attrs.get("kernel_size"), attrs.get("stride")
        own = all(getattr(k, "tensor", None) == input_name for k in kernel or ())
        axes = [k.axis % (n + 2) if own and k.axis < 0 else getattr(k, "axis", None) for k in kernel or ()]
        if not own or axes != list(range(2, n + 2)) or stride not in (None, kernel) \
                or attrs.get("padding", "valid") not in ("valid", ((0, 0),) * n):
            return None
        return f"global_{op}_pool{n}d", {"keepdims": True}
    return read


def window_pool_kind(op, n):
    t = as_tuple(n)
    torch_cls, keras_cls = NAMES[op][0], NAMES[op][1]
    attrs = [Attr("kernel_size", "ints"), Attr("stride", "ints", None, inferred=True),
             Attr("padding", "padding", "valid")]
    torch_args = [Arg("kernel_size", "kernel_size", to_fw=compact, from_fw=t, always=True),
                  Arg("stride", "stride", None, optional_compact, optional_tuple(n)),
                  Arg("padding", "padding", 0, torch_pool_padding_to, torch_padding_from(n))]
    if op == "max":
        attrs.append(Attr("dilation", "ints", (1,) * n))
        torch_args.append(Arg("dilation", "dilation", 1, compact, t))
    attrs.append(Attr("ceil_mode", "bool", False))
    torch_args.append(Arg("ceil_mode", "ceil_mode", False))
    # Keras max pooling pads with "same" only, whose padded cells never win the max, as PyTorch's -inf
    keras_hooks = {"rewrite": unit_stride_same(op)}
    if op == "max":
        keras_hooks["inexpressible"] = explicit_padding(float("-inf"))
        keras_hooks["rewrite"] = first_rewrite(unit_stride_same(op), ceil_as_padding)
    if op == "avg":
        attrs.append(Attr("count_include_pad", "bool", True, neutral=True,  # Keras pools 'valid' (no padded
                          doc="padded cells count in the mean"))  # cells) or 'same' (not counted), as rewritten
        torch_args.append(Arg("count_include_pad", "count_include_pad", True))
        keras_hooks["attrs_from_fw"] = lambda a: {**a, "count_include_pad": a.get("padding") == "valid"}
    return Kind(
        name=f"{op}_pool{n}d", family="pooling", spatial=(n,), attrs=tuple(attrs), shape=pool_shape,
        infer=lambda a, inputs: {"stride": a["kernel_size"]},
        spellings=(
            Spelling("torch", "layer", f"torch.nn.{torch_cls}{n}d", tuple(torch_args),
                     positional=tuple(a.name for a in torch_args[:4]), layout="first",
                     hooks={"rewrite": same_pairs, **({"inexpressible": explicit_pool_padding} if op == "max" else {})}),
            Spelling("torch", "function", f"torch.nn.functional.{op}_pool{n}d", tuple(torch_args),
                     positional=("input", *(a.name for a in torch_args)), layout="first",
                     hooks={"read_sized": whole_window(op, n)}),
            Spelling("keras", "layer", f"keras.layers.{keras_cls}{n}D",
                     (Arg("pool_size", "kernel_size", keras_pool_default(op, n), compact, t, always=True,
                          aliases=("pool_length",)),
                      Arg("strides", "stride", None, optional_compact, optional_tuple(n), aliases=("stride",)),
                      Arg("padding", "padding", "valid", keras_padding_to, aliases=("border_mode",))),
                     positional=("pool_size", "strides", "padding", "data_format"), layout="last",
                     hooks=keras_hooks),
        ),
        doc=f"{n}-D {op} pooling over sliding windows",
    )


def global_shape(attrs, inputs):
    x = inputs[0]
    if attrs["keepdims"]:
        out = x
        for role in attrs["axes"]:
            out = out.with_dim(role, 1)
        return [out]
    return [drop_roles(x, attrs["axes"])]


REDUCTION = {"avg": "mean", "max": "max"}  # the reduction kind each global pooling specialises


def global_specialise(op, n):
    """Spelling hook ``specialise`` (passes/specialise.py): a reduction over exactly the spatial
    axes of a (N, C, spatial...) value is this pooling (``x.mean((2, 3))`` is Keras'
    GlobalAveragePooling2D); adaptive pooling to size 1 is its keepdims form."""
    def hook(kind, attrs, inputs):
        x = inputs[0]
        spatial = x.spatial_roles
        if len(spatial) != n or x.rank != n + 2 or set(x.roles) != {"N", "C", *spatial}:
            return None
        axes = attrs.get("axes") if kind == REDUCTION[op] else None
        if axes is not None and sorted(axes) == sorted(spatial):
            return {"axes": spatial, "keepdims": attrs["keepdims"]}
        if kind == f"adaptive_{op}_pool{n}d" and all(s == 1 for s in attrs["output_size"]):
            return {"axes": spatial, "keepdims": True}
        return None
    return hook


def absorb_flatten(attrs, kind, next_attrs, pooled):
    """Spelling hook ``absorb_next``: a flatten straight after keepdims pooling only drops the
    unit axes (``nn.AdaptiveAvgPool2d(1), nn.Flatten()`` is PyTorch's global pooling)."""
    start = next_attrs.get("start")
    if kind != "flatten" or not attrs["keepdims"] or pooled.roles[0] != "N" or not isinstance(start, str) \
            or pooled.axis(start) != 1:
        return None
    return {**attrs, "keepdims": False}


def global_as_layers(op, n):
    """Spelling hook ``layers_to_fw``: the layers writing it inside a PyTorch nn.Sequential, which
    has no place for an expression."""
    def hook(attrs):
        pool = [(f"adaptive_{op}_pool{n}d", {"output_size": (1,) * n})]
        return pool if attrs["keepdims"] else pool + [("flatten", {"start": 1})]
    return hook


def global_pool_kind(op, n):
    torch_fn, keras_cls = NAMES[op][4], NAMES[op][5]
    return Kind(
        name=f"global_{op}_pool{n}d", family="pooling", spatial=(n,),
        attrs=(Attr("axes", "axes", None, inferred=True, doc="the spatial axes reduced"),
               Attr("keepdims", "bool", False)),
        shape=global_shape,
        infer=lambda a, inputs: {"axes": inputs[0].spatial_roles},
        spellings=(
            Spelling("torch", "function", f"torch.{torch_fn}",
                     (Arg("dim", "axes", ABSENT if op == "avg" else None, always=True),
                      Arg("keepdim", "keepdims", False)),
                     positional=("input", "dim", "keepdim"), read=False,
                     hooks={"specialise": global_specialise(op, n), "absorb_next": absorb_flatten,
                            "layers_to_fw": global_as_layers(op, n)}),
            Spelling("keras", "layer", f"keras.layers.{keras_cls}{n}D", (Arg("keepdims", "keepdims", False),),
                     positional=("data_format", "keepdims"), layout="last"),
        ),
        doc=f"{op} over all {n} spatial axes (PyTorch writes it as a reduction)",
    )


def adaptive_shape(attrs, inputs):
    x = inputs[0]
    sizes = [s if o is None else o for s, o in zip(spatial_sizes(x), attrs["output_size"])]
    return [with_spatial(x, sizes)]


def adaptive_pool_kind(op, n):
    t = as_tuple(n)
    torch_cls, keras_cls = NAMES[op][2], NAMES[op][3]
    size = Arg("output_size", "output_size", to_fw=compact, from_fw=t, always=True)
    indices = (Arg("return_indices", None, False),) if op == "max" else ()  # a (values, indices) pair
    return Kind(
        name=f"adaptive_{op}_pool{n}d", family="pooling", spatial=(n,),
        attrs=(Attr("output_size", "ints"),),
        shape=adaptive_shape,
        spellings=(
            Spelling("torch", "layer", f"torch.nn.{torch_cls}{n}d", (size, *indices),
                     positional=("output_size", *(a.name for a in indices)), layout="first"),
            Spelling("torch", "function", f"torch.nn.functional.adaptive_{op}_pool{n}d", (size, *indices),
                     positional=("input", "output_size", *(a.name for a in indices)), layout="first"),
            Spelling("keras", "layer", f"keras.layers.{keras_cls}{n}D",
                     (Arg("output_size", "output_size", to_fw=compact, from_fw=t, always=True),),
                     positional=("output_size", "data_format"), layout="last"),
        ),
        doc=f"{n}-D {op} pooling to a fixed output size",
    )


register(*(factory(op, n) for factory in (window_pool_kind, global_pool_kind, adaptive_pool_kind)
           for op in ("max", "avg") for n in (1, 2, 3)))
