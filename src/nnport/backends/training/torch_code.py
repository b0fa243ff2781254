"""Context of the PyTorch training script: data, optimizer, loss, schedule, callbacks as loop code."""
from __future__ import annotations

from pathlib import PurePosixPath

from ...catalog import registry
from ...errors import Reporter
from ...ir.graph import PivotModel
from ...ir.training import Component, Training, left_out
from ...ir.types import TensorType
from ..spell import Imports, literal
from . import steps
from .biases import frozen_biases
from .components import canonical, choose, warn_scheduled
from .data import (
    GEOMETRIC,
    LOADERS,
    TORCHVISION_SAMPLE,
    batch_input,
    geometric,
    made_arrays,
    main_dataset,
    normalization,
    sample_steps,
    scale_factor,
    validates,
)
from .differences import warn as warn_differences
from .render import check_logits, final_activation, monitor_mode
from .torch_logging import logging_callbacks, loop_callback, metric_sums, spelling_hook

CLIPPING = {"clip_norm": "clip_grad_norm_", "clip_value": "clip_grad_value_"}  # written between backward and step


def torch_context(model: PivotModel, training: Training, imports: Imports, reporter: Reporter,
                  model_input: TensorType | None) -> dict:
    check_logits(model, training, reporter)
    warn_scheduled(training, reporter)
    warn_differences(model, reporter)
    return {
        "epochs": training.epochs or 1,
        "batch_size": training.batch_size or 32,
        "validation_split": training.validation_split,
        **data_context(model, model_input, reporter),
        "batch_steps": steps.statements(training, "torch", ("inputs", "targets"), reporter),
        "batch_where": steps.where(training),
        **optimizer_context(training, imports, reporter),
        **loss_context(training, imports, reporter, final_activation(model)),
        **schedule_context(training, imports, reporter),
        **callback_context(training, reporter),
        **logging_callbacks(training),
        "metric_sums": metric_sums(training),
        "frozen_biases": frozen_biases(model),
        "needs_validation": validates(model, [*training.callbacks, training.schedule]),
    }


# --- data ---------------------------------------------------------------------------------

def data_context(model: PivotModel, model_input: TensorType | None, reporter: Reporter) -> dict:
    dataset = main_dataset(model)
    loader = LOADERS.get(dataset.loader) if dataset else None
    if loader is None or loader.torch is None:
        name = dataset.loader if dataset else "no dataset"
        if dataset is not None and dataset.loader not in ("arrays", "custom"):
            reporter.warning(f"dataset {name!r} has no torchvision loader: fill in load_arrays()", dataset.loc)
        integer = model_input is not None and model_input.dtype.startswith("int") and not steps.casts_inputs(
            model.training)  # token ids stay integer: an Embedding reads them
        return {"torchvision": None, "fill_in": name, "input_dtype": "torch.long" if integer else "torch.float32",
                "made": made_arrays(model, model_input)}
    written = [f"transforms.{t}" for t in _tensor_transforms(dataset)]
    written += [_layout_step(step) for step in sample_steps(("N", *TORCHVISION_SAMPLE), batch_input(model, model_input))]
    split = ("train=True", "train=False") if loader.torch_split == "train" else ('split="train"', 'split="test"')
    return {"torchvision": loader.torch, "transforms": written, "splits": split, "fill_in": None}


def _tensor_transforms(dataset) -> list[str]:
    factor = scale_factor(dataset)
    steps = ["ToTensor()"] if factor is not None and abs(factor * 255 - 1) < 1e-9 else ["PILToTensor()",
                                                                                        "ConvertImageDtype(torch.float32)"]
    if factor is not None and abs(factor * 255 - 1) >= 1e-9:
        steps[-1:] = [steps[-1], f"Lambda(lambda x: x * 255.0 * {factor!r})"]  # ConvertImageDtype divides by 255
    elif factor is None:
        steps.append("Lambda(lambda x: x * 255.0)")  # the source fed raw 0..255 values
    steps += [GEOMETRIC[t["kind"]](t) for t in geometric(dataset)]  # before Normalize: pads are black
    norm = normalization(dataset)
    if norm:
        steps.append(f"Normalize({literal(tuple(norm['mean']))}, {literal(tuple(norm['std']))})")
    return steps


def _layout_step(step) -> str:
    what, arg = step
    if what == "permute":  # sample axes: drop the batch axis of the permutation
        return f"transforms.Lambda(lambda x: x.permute{tuple(p - 1 for p in arg[1:])})"
    if what == "reshape":
        return f"transforms.Lambda(lambda x: x.reshape({', '.join(map(str, arg))}))"
    return f"transforms.Lambda(lambda x: x.unsqueeze({arg - 1}))"


# --- optimizer and loss -------------------------------------------------------------------

def optimizer_context(training: Training, imports: Imports, reporter: Reporter) -> dict:
    component = training.optimizer or Component("adam")
    if training.optimizer is None:
        reporter.note("no optimizer in the source: Adam with its defaults")
    component = _with_schedule_lr(component, training.schedule)
    written = choose(component, "torch", reporter, tolerated=("decoupled_weight_decay", *CLIPPING))
    decoupled = written.uncarried.get("decoupled_weight_decay")
    clipping = {name: written.uncarried[name] for name in CLIPPING if written.uncarried.get(name) is not None}
    return {"optimizer": written.call(imports, "model.parameters()"), "decoupled_weight_decay": decoupled,
            "helpers": [written.helper[1]] if written.helper else [],
            "clipping": [f"torch.nn.utils.{CLIPPING[k]}(model.parameters(), {v!r})" for k, v in clipping.items()]}


def _with_schedule_lr(component: Component, schedule: Component | None) -> Component:
    """A Keras schedule passed as learning_rate: the optimizer starts from its initial rate."""
    if schedule is None:
        return component
    _, attrs = canonical(schedule)
    start = attrs.get("initial_lr", (attrs.get("values") or [None])[0])
    return component if start is None else Component(component.kind, {**component.attrs, "lr": start}, component.loc)


def loss_context(training: Training, imports: Imports, reporter: Reporter, last: str | None = None) -> dict:
    component = training.loss or Component("mse")
    if training.loss is None:
        reporter.warning("no loss in the source: mean squared error")
    written = choose(component, "torch", reporter)
    hooks, attrs = written.spelling.hooks, written.attrs
    as_input = hooks.get("input", lambda e, _last: e)
    target = hooks["target"](attrs) if "target" in hooks else "targets"
    return {"loss": written.call(imports), "loss_input": as_input("outputs", last), "loss_target": target,
            "prediction": hooks["predict"](attrs) if "predict" in hooks else None}


# --- schedule and callbacks ---------------------------------------------------------------

def schedule_context(training: Training, imports: Imports, reporter: Reporter) -> dict:
    plateau = next((c for c in training.callbacks if _plateau(c)), None)
    schedule = training.schedule or plateau
    if schedule is None:
        return {"scheduler": None, "scheduler_step": None}
    written = choose(schedule, "torch", reporter, tolerated=("initial_lr",))  # the optimizer's lr
    if written.spelling.hooks.get("per_step"):
        return {"scheduler": written.call(imports, "optimizer"), "scheduler_step": "step"}
    if "step_factor" in written.spelling.hooks:
        factor = written.spelling.hooks["step_factor"](written.attrs)
        return {"scheduler": written.call(imports, "optimizer", f"lambda step: {factor}"), "scheduler_step": "step"}
    if _plateau(schedule):
        attrs = {**written.attrs, "mode": monitor_mode(written.attrs)}
        written = choose(Component(schedule.kind, attrs, schedule.loc), "torch", reporter)
        return {"scheduler": written.call(imports, "optimizer"), "scheduler_step": "plateau",
                "scheduler_monitor": attrs["monitor"]}
    return {"scheduler": written.call(imports, "optimizer"), "scheduler_step": "epoch"}


def _plateau(component: Component) -> bool:
    """A scheduler the loop steps with a monitored value (catalog ``step`` hook "plateau")."""
    return spelling_hook(registry.kind(component.kind), "step") == "plateau"


def callback_context(training: Training, reporter: Reporter) -> dict:
    found = {"early_stopping": None, "checkpoint": None, "left_out_callbacks": []}
    for callback in training.callbacks:
        _, attrs = canonical(callback)
        if callback.kind == "early_stopping":
            found["early_stopping"] = {**attrs, "mode": monitor_mode(attrs)}
        elif callback.kind == "model_checkpoint":
            path = str(PurePosixPath(attrs["filepath"]).with_suffix(".pt"))
            found["checkpoint"] = {**attrs, "filepath": path, "path": _checkpoint_path(path),
                                   "mode": monitor_mode(attrs)}
        elif not (_plateau(callback) or loop_callback(callback)):
            what = f"callback {callback.kind!r} has no PyTorch equivalent"
            reporter.warning(f"{what}; not written (a TODO comment marks it)", callback.loc)
            found["left_out_callbacks"].append(left_out("callbacks", what, callback.loc))
    return found


def _checkpoint_path(path: str) -> str:
    """The file an epoch saves to: Keras formats the path with the (1-based) epoch and the logs
    ("save_at_{epoch}.keras", "w_{epoch:02d}_{val_loss:.2f}.keras")."""
    if "{" not in path:
        return literal(path)
    return f"{literal(path)}.format(epoch=epoch + 1, **logs)"
