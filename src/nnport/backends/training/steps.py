"""The source's per-batch code (``Training.batch_steps``) as statements of each framework.

PyTorch applies them to every batch the loader yields (``prepare_batch``); Keras, which has no
per-batch hook in ``fit``, to the whole arrays before training. Both give the same numbers for
row-wise steps (a reshape keeping the batch axis, casts, scaling, clipping); noise drawn per
batch in one and once in the other differs by its draws, and is reported.
"""
from __future__ import annotations

from ...errors import Reporter
from ...ir.training import Training
from ..spell import literal

TORCH_DTYPES = {"float32": ".float()", "int64": ".long()", "float64": ".double()", "int32": ".int()"}


def _scaled(v: str, factor: float) -> str:
    divisor = 1 / factor if factor else 0
    if divisor and abs(divisor - round(divisor)) < 1e-9:
        return f"{v} / {float(round(divisor))!r}"
    return f"{v} * {factor!r}"


def _expr(step: dict, v: str, framework: str) -> str:
    kind = step["kind"]
    if kind == "reshape":
        return f"{v}.reshape({', '.join(map(repr, step['shape']))})"
    if kind == "flatten":
        return f"{v}.flatten(1)" if framework == "torch" else f"{v}.reshape(len({v}), -1)"
    if kind == "cast":
        if framework == "torch":
            return v + TORCH_DTYPES.get(step["dtype"], f".to(torch.{step['dtype']})")
        return f"{v}.astype({step['dtype']!r})"
    if kind == "scale":
        return _scaled(v, step["factor"])
    if kind == "shift":
        return f"{v} + {step['offset']!r}"
    if kind == "noise":
        if framework == "torch":
            return f"{v} + {step['std']!r} * torch.randn_like({v})"
        return f"{v} + np.random.normal(0.0, {step['std']!r}, {v}.shape).astype({v}.dtype)"
    if kind == "clip":
        low, high = literal(step.get("min")), literal(step.get("max"))
        return f"{v}.clamp({low}, {high})" if framework == "torch" else f"np.clip({v}, {low}, {high})"
    raise ValueError(f"unknown batch step {kind!r}")


def statements(training: Training | None, framework: str, names: tuple[str, str], reporter: Reporter) -> list[str]:
    """Lines applying the steps to the variables ``names`` = (inputs, targets)."""
    warn_noise(training, framework, reporter)
    lines = []
    for step in (training.batch_steps if training else []):
        inputs, targets = names
        if step["kind"] == "from_inputs":
            lines.append(f"{targets} = {inputs}")
            continue
        v = inputs if step["on"] == "inputs" else targets
        lines.append(f"{v} = {_expr(step, v, framework)}")
    return lines


def reshapes(training: Training | None) -> bool:
    """Whether the per-batch code reshapes the inputs (the data then keeps the loader's layout)."""
    return any(s["kind"] in ("reshape", "flatten") and s["on"] == "inputs"
               for s in (training.batch_steps if training else []))


def casts_inputs(training: Training | None) -> bool:
    return any(s["kind"] == "cast" and s["on"] == "inputs" for s in (training.batch_steps if training else []))


def warn_noise(training: Training | None, framework: str, reporter: Reporter) -> None:
    """Noise drawn per batch in one framework and once for the arrays in the other: the same
    distribution, other draws (and redrawn each epoch or not)."""
    for step in (s for s in (training.batch_steps if training else []) if s["kind"] == "noise"):
        if framework == "keras" and not step.get("once"):
            reporter.warning("the source draws new noise for every batch; the Keras code draws it once for the "
                             "whole training arrays (same distribution, not redrawn each epoch)", training.loc)
        elif framework == "torch" and step.get("once"):
            reporter.warning("the source draws its noise once for the whole arrays; the PyTorch code draws it for "
                             "every batch (same distribution, redrawn each epoch)", training.loc)


def where(training: Training | None) -> str:
    lines = sorted({s["line"] for s in (training.batch_steps if training else []) if s.get("line")})
    if not lines:
        return ""
    return f" (line {lines[0]})" if len(lines) == 1 else f" (lines {lines[0]}-{lines[-1]})"
