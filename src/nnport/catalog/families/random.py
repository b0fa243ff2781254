"""Random draws in forward: values drawn with the shape of a tensor (the reparameterisation
trick's ``eps = torch.randn_like(std)``).

PyTorch draws from its global generator (``torch.randn_like(x)``, ``torch.rand_like(x)``,
``torch.randn(x.shape)``, ``torch.empty_like(x).normal_()``); Keras from a ``keras.random.SeedGenerator`` the model owns,
passed as ``seed=``. Spelling hooks: ``state_to_fw(attrs) -> (attribute hint, class, arguments)``
is that state, declared in the generated ``__init__``; ``expression(attrs, x, state=...)`` the
draw written inline; ``fixed_draw(standard) -> function`` stands in for the framework's function
while ``verify`` runs, taking its values from ``standard(shape)`` (standard normal or uniform [0, 1)
values, the same on both sides), so that outputs depending on a draw can be compared.
"""
from dataclasses import replace

from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling

FLOATS = ("float16", "bfloat16", "float32", "float64")


def like_shape(attrs, inputs):
    x = inputs[0]
    return [x if x.dtype in FLOATS else replace(x, dtype="float32")]


def torch_scaled(function: str, distribution: str, low: str, high: str):
    """``torch.randn_like(x) * 0.1 + 1.0``: PyTorch's ``*_like`` draws are standard; other
    parameters scale and shift them."""
    def expression(attrs, x, state=None):
        scale = attrs[high] if distribution == "normal" else attrs[high] - attrs[low]
        text = f"{function}({x})" + (f" * {scale!r}" if scale != 1.0 else "")
        return text + (f" + {attrs[low]!r}" if attrs[low] != 0.0 else "")
    return expression


def keras_draw(function: str, low: str, high: str, defaults: tuple[float, float]):
    """``keras.random.normal(keras.ops.shape(x), seed=self.seed_generator)``: non-default
    parameters written, the seed generator the model owns given as the seed."""
    def expression(attrs, x, state=None):
        params = [f"{name}={attrs[name]!r}" for name, default in zip((low, high), defaults) if attrs[name] != default]
        seed = [f"seed={state}"] if state else []
        return f"{function}({', '.join([f'keras.ops.shape({x})', *params, *seed])})"
    return expression


def seed_state(attrs):
    return "seed_generator", "keras.random.SeedGenerator", "" if attrs["seed"] is None else f"seed={attrs['seed']!r}"


def torch_draw(distribution: str, fill: bool):
    """Hook ``fixed_draw`` of a PyTorch spelling: a draw with the shape of its first argument,
    its values from ``standard``; an in-place fill (``x.normal_()``) fills its receiver."""
    def fixed(standard):
        import torch

        def draw(x, *args, **kwargs):
            values = torch.as_tensor(standard(tuple(x.shape), distribution), dtype=torch.float32)
            if fill:
                low, high = _parameters(args, kwargs, distribution)
                with torch.no_grad():
                    return x.copy_(values * high + low if distribution == "normal" else low + (high - low) * values)
            dtype = kwargs.get("dtype") or (x.dtype if x.is_floating_point() else torch.float32)
            return values.to(dtype=dtype, device=x.device)
        return draw
    return fixed


def torch_sized(distribution: str):
    """Hook ``fixed_draw`` of ``torch.randn(*size)`` / ``torch.rand(*size)``."""
    def fixed(standard):
        import torch

        def draw(*size, **kwargs):
            shape = tuple(size[0]) if len(size) == 1 and not isinstance(size[0], int) else tuple(size)
            values = torch.as_tensor(standard(tuple(int(s) for s in shape), distribution))
            return values.to(dtype=kwargs.get("dtype") or torch.get_default_dtype(), device=kwargs.get("device"))
        return draw
    return fixed


def _parameters(args, kwargs, distribution):
    names = ("mean", "std") if distribution == "normal" else ("from", "to")
    given = dict(zip(names, args), **{k: v for k, v in kwargs.items() if k in names})
    return float(given.get(names[0], 0.0)), float(given.get(names[1], 1.0))


def keras_fixed(distribution: str, low: str, high: str, defaults: tuple[float, float]):
    """Hook ``fixed_draw`` of ``keras.random.normal`` / ``uniform``: ``shape`` from the call."""
    def fixed(standard):
        from keras import ops

        def draw(shape, *args, **kwargs):
            given = dict(zip((low, high, "dtype", "seed"), args), **kwargs)
            a, b = float(given.get(low, defaults[0])), float(given.get(high, defaults[1]))
            values = standard(tuple(int(s) for s in shape), distribution)
            values = values * b + a if distribution == "normal" else a + (b - a) * values
            return ops.convert_to_tensor(values, dtype=given.get("dtype") or "float32")
        return draw
    return fixed


def draw_kind(name, distribution, torch_fn, sized_fn, fill, keras_fn, low, high, torch_low, torch_high, doc):
    defaults = (0.0, 1.0)
    torch_hooks = {"expression": torch_scaled(f"torch.{torch_fn}", distribution, low, high),
                   "fixed_draw": torch_draw(distribution, False)}
    return Kind(
        name=name, family="random", is_op=True, shape=like_shape,
        attrs=(Attr(low, "float", defaults[0]), Attr(high, "float", defaults[1]),
               Attr("seed", "int", None, neutral=True, doc="Keras seed generator's seed; None: drawn at run time")),
        spellings=(
            Spelling("torch", "function", f"torch.{torch_fn}", positional=("input",), hooks=torch_hooks),
            Spelling("torch", "function", f"torch.{sized_fn}", positional=("size",),  # torch.randn(x.shape)
                     hooks={"shape_operand": True, "fixed_draw": torch_sized(distribution)}),
            Spelling("torch", "method", f"Tensor.{fill}", (Arg(torch_low, low, 0.0), Arg(torch_high, high, 1.0)),
                     positional=(torch_low, torch_high), hooks={"fixed_draw": torch_draw(distribution, True)}),
            Spelling("keras", "function", f"keras.random.{keras_fn}",
                     (Arg(low, low, 0.0), Arg(high, high, 1.0), Arg("seed", "seed", None)), read=False,
                     hooks={"expression": keras_draw(f"keras.random.{keras_fn}", low, high, defaults),
                            "state_to_fw": seed_state, "fixed_draw": keras_fixed(distribution, low, high, defaults)}),
        ),
        doc=doc,
    )


register(
    draw_kind("random_normal_like", "normal", "randn_like", "randn", "normal_", "normal", "mean", "stddev", "mean", "std",
              "values drawn from N(mean, stddev^2) with the input's shape"),
    draw_kind("random_uniform_like", "uniform", "rand_like", "rand", "uniform_", "uniform", "minval", "maxval", "from", "to",
              "values drawn from U[minval, maxval) with the input's shape"),
)
