"""Optimizers: one table row per optimizer, with both frameworks' names and defaults.

Every hyper-parameter is written explicitly (the defaults differ: Adam eps 1e-8 vs 1e-7,
RMSprop alpha/rho 0.99 vs 0.9, Adagrad, Adadelta ...). Keras has no L2 ``weight_decay``
(its ``weight_decay`` is decoupled), torch only AdamW decouples: see ``training.py``. Where one
form equals the other (SGD without momentum) a ``restate`` hook writes it in the target's form.
"""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling
from .training import string_spelling
from .training_epsilon import eps_attr, eps_hooks
from .training_l2 import coupled_decay

# canonical, type, canonical default, torch arg, torch default, keras arg, keras default
LR, EPS = "lr", "eps"
L2 = ("weight_decay", "float", 0.0, "weight_decay", 0, None, None)
DECOUPLED = ("decoupled_weight_decay", "float", 0.0, None, None, "weight_decay", None)
BETAS = ("betas", "floats", (0.9, 0.999), "betas", (0.9, 0.999), None, None)

OPTIMIZERS = [
    ("sgd", "SGD", "SGD", "sgd", [
        (LR, "float", 0.001, "lr", 0.001, "learning_rate", 0.01),
        ("momentum", "float", 0.0, "momentum", 0, "momentum", 0.0),
        ("dampening", "float", 0.0, "dampening", 0, None, None),
        ("nesterov", "bool", False, "nesterov", False, "nesterov", False), L2, DECOUPLED]),
    ("adam", "Adam", "Adam", "adam", [
        (LR, "float", 0.001, "lr", 0.001, "learning_rate", 0.001), BETAS,
        (EPS, "float", 1e-8, "eps", 1e-8, "epsilon", 1e-7),
        ("amsgrad", "bool", False, "amsgrad", False, "amsgrad", False), L2, DECOUPLED]),
    ("adamw", "AdamW", "AdamW", "adamw", [
        (LR, "float", 0.001, "lr", 0.001, "learning_rate", 0.001), BETAS,
        (EPS, "float", 1e-8, "eps", 1e-8, "epsilon", 1e-7),
        ("amsgrad", "bool", False, "amsgrad", False, "amsgrad", False),
        ("decoupled_weight_decay", "float", 0.01, "weight_decay", 0.01, "weight_decay", 0.004)]),
    ("rmsprop", "RMSprop", "RMSprop", "rmsprop", [
        (LR, "float", 0.01, "lr", 0.01, "learning_rate", 0.001),
        ("alpha", "float", 0.99, "alpha", 0.99, "rho", 0.9),
        (EPS, "float", 1e-8, "eps", 1e-8, "epsilon", 1e-7),
        ("momentum", "float", 0.0, "momentum", 0, "momentum", 0.0),
        ("centered", "bool", False, "centered", False, "centered", False), L2, DECOUPLED]),
    ("adagrad", "Adagrad", "Adagrad", "adagrad", [
        (LR, "float", 0.01, "lr", 0.01, "learning_rate", 0.001),
        ("lr_decay", "float", 0.0, "lr_decay", 0, None, None),
        ("initial_accumulator_value", "float", 0.0, "initial_accumulator_value", 0,
         "initial_accumulator_value", 0.1),
        (EPS, "float", 1e-10, "eps", 1e-10, "epsilon", 1e-7), L2, DECOUPLED]),
    ("adadelta", "Adadelta", "Adadelta", "adadelta", [
        (LR, "float", 1.0, "lr", 1.0, "learning_rate", 0.001),
        ("rho", "float", 0.9, "rho", 0.9, "rho", 0.95),
        (EPS, "float", 1e-6, "eps", 1e-6, "epsilon", 1e-7), L2, DECOUPLED]),
    ("adamax", "Adamax", "Adamax", "adamax", [
        (LR, "float", 0.002, "lr", 0.002, "learning_rate", 0.001), BETAS,
        (EPS, "float", 1e-8, "eps", 1e-8, "epsilon", 1e-7), L2, DECOUPLED]),
    ("nadam", "NAdam", "Nadam", "nadam", [
        (LR, "float", 0.002, "lr", 0.002, "learning_rate", 0.001), BETAS,
        (EPS, "float", 1e-8, "eps", 1e-8, "epsilon", 1e-7),
        ("momentum_decay", "float", 0.004, "momentum_decay", 0.004, None, None), L2, DECOUPLED]),
]

# positional order of the real signatures (torch after ``params``), up to the last one we map
POSITIONAL = {
    "sgd": (("lr", "momentum", "dampening", "weight_decay", "nesterov"),
            ("learning_rate", "momentum", "nesterov", "weight_decay")),
    "adam": (("lr", "betas", "eps", "weight_decay", "amsgrad"),
             ("learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad", "weight_decay")),
    "adamw": (("lr", "betas", "eps", "weight_decay", "amsgrad"),
              ("learning_rate", "weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad")),
    "rmsprop": (("lr", "alpha", "eps", "weight_decay", "momentum", "centered"),
                ("learning_rate", "rho", "momentum", "epsilon", "centered", "weight_decay")),
    "adagrad": (("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"),
                ("learning_rate", "initial_accumulator_value", "epsilon", "weight_decay")),
    "adadelta": (("lr", "rho", "eps", "weight_decay"), ("learning_rate", "rho", "epsilon", "weight_decay")),
    "adamax": (("lr", "betas", "eps", "weight_decay"), ("learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay")),
    "nadam": (("lr", "betas", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay"),
              ("learning_rate", "beta_1", "beta_2", "epsilon", "weight_decay")),
}

# torch flags that change what an optimizer is; kept at their default when written
TORCH_FIXED = {"adam": ("decoupled_weight_decay",), "nadam": ("decoupled_weight_decay",)}


def _keras_decay_to(value):
    return value if value else None  # Keras spells "no weight decay" as None


def _keras_decay_from(value):
    return float(value) if value else 0.0


def _torch_args(rows):
    args = [Arg(t_arg, canonical, t_default, always=not isinstance(t_default, bool))
            for canonical, _t, _d, t_arg, t_default, _k, _kd in rows if t_arg]
    return tuple(args)


# gradient clipping: Keras states it on the optimizer, torch in the loop (clip_grad_norm_ /
# clip_grad_value_ between backward() and step()); the global norm in both
CLIPPING = [("clip_norm", "float", None, None, None, "global_clipnorm", None),
            ("clip_value", "float", None, None, None, "clipvalue", None)]


def _keras_args(rows):
    args = []
    for canonical, type_, _d, _t, _td, k_arg, k_default in rows + CLIPPING:
        if canonical in ("clip_norm", "clip_value"):
            args.append(Arg(k_arg, canonical, None))
            continue
        if canonical == "betas":
            args += [Arg("beta_1", "beta_1", 0.9, always=True), Arg("beta_2", "beta_2", 0.999, always=True)]
        elif k_arg == "weight_decay":
            args.append(Arg(k_arg, canonical, k_default, _keras_decay_to, _keras_decay_from))
        elif k_arg:
            args.append(Arg(k_arg, canonical, k_default, always=type_ != "bool", aliases=("lr",) * (canonical == LR)))
    return tuple(args)


def _bind_betas(attrs: dict) -> dict:
    """Keras beta_1 / beta_2 -> canonical betas."""
    out = {k: v for k, v in attrs.items() if k not in ("beta_1", "beta_2")}
    if "beta_1" in attrs or "beta_2" in attrs:
        out["betas"] = (float(attrs.get("beta_1", 0.9)), float(attrs.get("beta_2", 0.999)))
    return out


def _write_betas(attrs: dict) -> dict:
    beta_1, beta_2 = attrs.get("betas", (0.9, 0.999))
    return {"beta_1": beta_1, "beta_2": beta_2}


def _sgd_as_decoupled(attrs: dict) -> tuple[dict, str | None]:
    """torch SGD's L2 ``weight_decay`` in Keras' decoupled form: without momentum both give
    w - lr * (g + wd * w); with momentum torch's decay goes through the momentum, Keras' would not."""
    decay = attrs.get("weight_decay") or 0.0
    if not decay or attrs.get("decoupled_weight_decay"):
        return attrs, None
    if attrs.get("momentum"):  # through the momentum: the coupled_decay class (training_l2)
        return attrs, None
    return {**attrs, "weight_decay": 0.0, "decoupled_weight_decay": decay}, None


def _sgd_as_l2(attrs: dict) -> tuple[dict, str | None]:
    """Keras SGD's decoupled weight decay without momentum: torch SGD's own weight_decay."""
    decay = attrs.get("decoupled_weight_decay") or 0.0
    if not decay or attrs.get("momentum") or attrs.get("weight_decay"):
        return attrs, None
    return {**attrs, "decoupled_weight_decay": 0.0, "weight_decay": decay}, None


# canonical attributes restated where one framework's form equals the other's: (attrs) -> (attrs, warning)
RESTATE = {("sgd", "keras"): _sgd_as_decoupled, ("sgd", "torch"): _sgd_as_l2}


def _momentum_with_schedule(attrs: dict) -> str | None:
    if not attrs.get("momentum"):
        return None
    return ("with momentum, a learning rate that changes during training updates differently: PyTorch's SGD "
            "scales the whole velocity by the current rate, Keras' folds each step's rate into the velocity "
            "(equal while the rate is constant)")


# ``scheduled(attrs)``: what differs once a schedule changes the rate (the writers warn), or None
SCHEDULED = {"sgd": _momentum_with_schedule}


def optimizer_kind(name, torch_cls, keras_cls, keras_string, rows):
    has_betas = any(r[0] == "betas" for r in rows)
    hooks = {"bind": _bind_betas, "write": _write_betas} if has_betas else {}
    hooks.update({"scheduled": SCHEDULED[name]} if name in SCHEDULED else {})
    restate = {fw: {"restate": RESTATE[(name, fw)]} if (name, fw) in RESTATE else {} for fw in ("torch", "keras")}
    torch_args = _torch_args(rows) + tuple(Arg(f, None, False) for f in TORCH_FIXED.get(name, ()))
    keras_args = _keras_args(rows)
    l2 = {"coupled_decay": coupled_decay} if any(r[0] == "weight_decay" for r in rows) else {}
    keras = Spelling("keras", "layer", f"keras.optimizers.{keras_cls}", keras_args, positional=POSITIONAL[name][1],
                     hooks={**hooks, **restate["keras"], **eps_hooks(name, "keras", keras_cls), **l2})
    return Kind(
        name=name,
        family="optimizer",
        attrs=tuple(Attr(c, t, d) for c, t, d, *_ in rows + CLIPPING) + eps_attr(name),
        shape=None,
        spellings=(
            Spelling("torch", "layer", f"torch.optim.{torch_cls}", torch_args, positional=("params", *POSITIONAL[name][0]),
                     hooks={**restate["torch"], **eps_hooks(name, "torch", torch_cls)}),
            keras,
            string_spelling(keras_string, keras),
        ),
        doc=f"{torch_cls} / {keras_cls}",
    )


register(*(optimizer_kind(*row) for row in OPTIMIZERS))
