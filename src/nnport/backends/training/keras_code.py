"""Context of the Keras training script: load_data, compile, fit with callbacks, evaluate."""
from __future__ import annotations

from pathlib import PurePosixPath

from ...catalog import registry
from ...catalog.families.training_biases import twice_stepped
from ...errors import Reporter
from ...ir.graph import PivotModel
from ...ir.training import Component, Training, left_out
from ...ir.types import TensorType
from ..spell import Imports, literal, local_name
from . import steps
from .biases import keras_bias_suffixes
from .differences import warn as warn_differences
from .components import canonical, choose, warn_scheduled
from .data import (GEOMETRIC, LOADERS, batch_input, geometric, main_dataset, made_arrays, normalization,
                   sample_steps, scale_factor, validates)
from .render import check_logits


def keras_context(model: PivotModel, training: Training, imports: Imports, reporter: Reporter,
                  model_input: TensorType | None) -> dict:
    check_logits(model, training, reporter)
    warn_scheduled(training, reporter)
    warn_differences(model, reporter)
    loss = training.loss or Component("mse")
    if training.loss is None:
        reporter.warning("no loss in the source: mean squared error")
    callbacks, lr_callback = callbacks_context(training, imports, reporter)
    return {
        "epochs": training.epochs or 1,
        "batch_size": training.batch_size or 32,
        "validation_split": training.validation_split,
        **optimizer_context(model, training, imports, reporter, lr_callback),
        "loss": choose(loss, "keras", reporter).call(imports),
        "metrics": [metric_call(m, imports) for m in training.metrics],
        "callbacks": callbacks,
        "needs_validation": validates(model, training.callbacks),
        **data_context(model, model_input, loss, reporter),
    }


def optimizer_context(model: PivotModel, training: Training, imports: Imports, reporter: Reporter,
                      lr_callback: bool) -> dict:
    """The optimizer's call, and the classes written for it where the source's formula needs them."""
    component = training.optimizer or Component("adam")
    written = choose(component, "keras", reporter, tolerated=("weight_decay",))
    helpers = [written.helper[1]] if written.helper else []
    helpers += _coupled_decay(written, imports, reporter, component)
    helpers += _twice_stepped(written, imports, keras_bias_suffixes(model))
    schedule = training.schedule
    if schedule is None or lr_callback:
        return {"optimizer": written.call(imports), "helpers": helpers}
    schedule_written = choose(schedule, "keras", reporter)
    helpers += [schedule_written.helper[1]] if schedule_written.helper else []
    kwargs = [(k, v) for k, v in written.kwargs if k != "learning_rate"]
    rate = schedule_written.call(imports)
    args = [f"learning_rate={rate}", *(f"{k}={literal(v)}" for k, v in kwargs)]
    name = written.helper[0] if written.helper else local_name(written.spelling.name, imports)
    return {"optimizer": f"{name}({', '.join(args)})", "helpers": helpers}


def _coupled_decay(written, imports: Imports, reporter: Reporter, component: Component) -> list[str]:
    """PyTorch's L2 weight_decay: a subclass adding it to the gradient (catalog ``coupled_decay``)."""
    decay = written.uncarried.pop("weight_decay", None)
    if not decay:
        return []
    hook = written.spelling.hooks.get("coupled_decay")
    if hook is None:
        reporter.warning(f"{written.kind.name}: weight_decay={decay!r} has no equivalent in "
                         f"{written.spelling.name}; not written", component.loc)
        return []
    parent = written.helper[0] if written.helper else local_name(written.spelling.name, imports)
    name, code, keyword = hook(parent)
    written.helper = (name, code)
    written.kwargs.append((keyword, decay))
    return [code]


def _twice_stepped(written, imports: Imports, suffixes: tuple[str, ...]) -> list[str]:
    """PyTorch's two recurrent biases: Keras' one stepped twice (not under L2, said by ``differences``)."""
    if not suffixes or written.attrs.get("weight_decay"):
        return []
    parent = written.helper[0] if written.helper else local_name(written.spelling.name, imports)
    written.helper = twice_stepped(parent, suffixes)
    return [written.helper[1]]


def callbacks_context(training: Training, imports: Imports, reporter: Reporter) -> tuple[list[str], bool]:
    calls, lr_callback = [], False
    schedule = training.schedule
    if schedule is not None:
        written = choose(schedule, "keras", Reporter())  # which form; its warnings come where it is written
        if "epoch_lr" in written.spelling.hooks:
            written = choose(schedule, "keras", reporter)
            lr = literal(canonical(training.optimizer or Component("adam"))[1]["lr"])
            rate = written.spelling.hooks["epoch_lr"](written.attrs, lr)
            calls.append(written.call(imports, f"lambda epoch: {rate}"))
            lr_callback = True
        elif schedule.kind == "reduce_lr_on_plateau":
            calls.append(choose(schedule, "keras", reporter).call(imports))
            lr_callback = True
    for callback in training.callbacks:
        calls.append(choose(_keras_file(callback), "keras", reporter).call(imports))
    return calls, lr_callback


def _keras_file(callback: Component) -> Component:
    """Keras checkpoints must end in .keras (whole model) or .weights.h5 (weights only)."""
    if "filepath" not in callback.attrs:
        return callback
    attrs = canonical(callback)[1]
    stem = str(PurePosixPath(attrs["filepath"]).with_suffix(""))
    suffix = ".weights.h5" if attrs.get("save_weights_only") else ".keras"
    return Component(callback.kind, {**callback.attrs, "filepath": stem + suffix}, callback.loc)


def metric_call(name: str, imports: Imports) -> str:
    """A metric by its Keras string where it has one, else its class."""
    try:
        kind = registry.kind(name)
    except KeyError:
        return literal(name)
    spellings = [s for s in kind.spellings if s.framework == "keras"]
    string = next((s for s in spellings if s.form == "string"), None)
    if string is not None or not spellings:
        return literal(string.name if string else name)
    return f"{local_name(spellings[0].name, imports)}()"


def data_context(model: PivotModel, model_input: TensorType | None, loss: Component, reporter: Reporter) -> dict:
    dataset = main_dataset(model)
    loader = LOADERS.get(dataset.loader) if dataset else None
    batch = steps.statements(model.training, "keras", ("x", "y"), reporter)
    if loader is None or loader.keras is None:
        name = dataset.loader if dataset else "no dataset"
        if dataset is not None and dataset.loader not in ("arrays", "custom"):
            reporter.warning(f"dataset {name!r} has no keras.datasets loader: fill in load_data()", dataset.loc)
        return {"keras_dataset": None, "fill_in": name, "prepare": batch, "made": made_arrays(model, model_input)}
    steps_read = model.training.batch_steps if model.training else []
    labels = [] if any(s["kind"] == "from_inputs" for s in steps_read) else _labels(model, loss)
    return {"keras_dataset": loader.keras, "fill_in": None, "left_out": _augmentation(dataset, reporter),
            "prepare": _prepare(dataset, loader.keras_roles, batch_input(model, model_input)) + batch + labels}


def _augmentation(dataset, reporter: Reporter) -> list[str]:
    """Random crops and flips torchvision draws per sample: fit on arrays has no such step."""
    found = geometric(dataset)
    if not found:
        return []
    names = ", ".join(GEOMETRIC[t["kind"]](t) for t in found)
    why = (f"data augmentation {names} is not translated: Keras fit on arrays draws no new crops or flips "
           "per epoch (keras.layers.RandomCrop / RandomFlip in the model, or a tf.data pipeline, would)")
    reporter.warning(f"{why}; a TODO comment marks it", dataset.loc)
    return [left_out("data", "data augmentation is not translated (fit on arrays draws no new crops or flips "
                             "per epoch)", dataset.loc, names)]


def _labels(model: PivotModel, loss: Component) -> list[str]:
    """Class ids -> one-hot rows where the loss takes probabilities per class."""
    if canonical(loss)[1].get("sparse_labels", True):
        return []
    outputs = model.network.graph.output.inputs
    out = model.network.graph.types.get(outputs[0]) if len(outputs) == 1 else None
    classes = out.shape[-1] if out is not None and out.shape and isinstance(out.shape[-1], int) else None
    return [f"y = keras.utils.to_categorical(y, {classes if classes else 'int(y.max()) + 1'})"]


def _prepare(dataset, roles, model_type) -> list[str]:
    integer = model_type is not None and model_type.dtype.startswith("int")  # token ids stay integer
    lines = [f"x = x.astype({model_type.dtype!r})" if integer else 'x = x.astype("float32")']
    factor = scale_factor(dataset)
    if factor is not None:
        lines.append("x = x / 255.0" if abs(factor * 255 - 1) < 1e-9 else f"x = x * {factor!r}")
    norm = normalization(dataset)
    if norm:  # Keras arrays keep channels last (or have none): mean / std broadcast on the last axis
        lines.append(f"x = (x - np.array({literal(tuple(norm['mean']))}, 'float32')) / "
                     f"np.array({literal(tuple(norm['std']))}, 'float32')")
    for what, arg in sample_steps(roles, model_type):
        lines.append({"add_channel": f"x = np.expand_dims(x, {arg})", "permute": f"x = np.transpose(x, {arg})",
                      "reshape": f"x = x.reshape((len(x), *{arg}))"}[what])
    return lines
