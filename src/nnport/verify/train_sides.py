"""Running one side's generated training code (``ns``: its module namespace) on given batches.

PyTorch: ``train_one_epoch`` over the batches, with ``train_step`` wrapped to record each loss.
Keras: ``compile_model`` then ``train`` for one epoch without shuffling, a callback recording
the loss (``fit`` logs the running mean; each step's loss is recovered from it).
Learning rates per epoch come from the same code: ``train_one_epoch`` run with a step that does
nothing (its schedulers step as in training), or Keras' LearningRateScheduler callbacks and the
optimizer's schedule at the first step of each epoch.
"""
from __future__ import annotations

import contextlib
import io
import types
import warnings
from inspect import signature

import numpy as np

FILE_CALLBACKS = ("ModelCheckpoint", "BackupAndRestore", "CSVLogger", "TensorBoard")
VALUE_CALLBACKS = ("ReduceLROnPlateau",)  # the learning rate follows measured values


@contextlib.contextmanager
def patched(ns: dict, name: str, make):
    original = ns[name]
    ns[name] = make(original)
    try:
        yield
    finally:
        ns[name] = original


@contextlib.contextmanager
def no_noise():
    """Noise the generated data code draws (torch.randn_like, np.random.normal) is zero, and
    functional dropout (F.dropout in a forward) keeps every value: the two frameworks' random
    generators cannot draw the same numbers."""
    import torch
    import torch.nn.functional as F

    saved = torch.randn_like, np.random.normal, F.dropout
    torch.randn_like = lambda x, *a, **k: torch.zeros_like(x)
    np.random.normal = lambda loc=0.0, scale=1.0, size=None: np.zeros(size) + loc
    F.dropout = lambda x, *a, **k: x
    try:
        yield
    finally:
        torch.randn_like, np.random.normal, F.dropout = saved


def no_dropout(model, framework: str) -> int:
    """Dropout rates set to 0 (random masks are not comparable); returns how many layers."""
    count = 0
    for layer in _layers(model, framework):
        for owner in (layer, getattr(layer, "cell", None)):
            for attr in ("p", "rate", "dropout", "recurrent_dropout", "stddev"):
                if owner is not None and _is_random(owner, attr) and getattr(owner, attr, None):
                    try:
                        setattr(owner, attr, 0.0)
                    except AttributeError:  # a read-only view of the cell's rate (Keras LSTM.dropout)
                        continue
                    count += 1
    return count


def _layers(model, framework: str):
    return model.modules() if framework == "torch" else model._flatten_layers(include_self=False)


def _is_random(owner, attr: str) -> bool:
    name = type(owner).__name__
    if attr in ("p", "rate"):
        return "Dropout" in name
    if attr == "stddev":
        return name == "GaussianNoise"
    return isinstance(getattr(owner, attr, None), float)  # RNN dropout between layers / steps


def torch_steps(ns: dict, model, batches: list) -> list[float]:
    losses: list[float] = []

    def recording(step):
        def run(*args):
            losses.append(step(*args))
            return losses[-1]
        return run

    optimizer = ns["make_optimizer"](model)
    scheduler = ns["make_scheduler"](optimizer)
    with patched(ns, "train_step", recording), no_noise(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ns["train_one_epoch"](model, batches, optimizer, scheduler)
    return losses


def keras_steps(ns: dict, model, x, y, batch: int) -> tuple[list[float], list[str]]:
    import keras

    means: list[float] = []
    left_out: list[str] = []

    class Recorder(keras.callbacks.Callback):
        def on_train_batch_end(self, _batch, logs=None):
            means.append(float(logs["loss"]))

    def with_recorder(make):
        def callbacks():
            made = make()
            left_out.extend(type(c).__name__ for c in made if type(c).__name__ in FILE_CALLBACKS)
            return [*(c for c in made if type(c).__name__ not in FILE_CALLBACKS), Recorder()]
        return callbacks

    ns["compile_model"](model)
    dense_gradients(model.optimizer)
    extra = {"validation_split": 0.0} if "validation_split" in signature(ns["train"]).parameters else {}
    with patched(ns, "make_callbacks", with_recorder), no_noise(), contextlib.redirect_stdout(io.StringIO()):
        ns["train"](model, x, y, epochs=1, batch_size=batch, shuffle=False, **extra)
    return [k * m - (k - 1) * p for k, (m, p) in enumerate(zip(means, [0.0, *means]), start=1)], left_out


def inference_in_fit(model) -> list[str]:
    """Keras' fit calls a model whose call() takes no ``training`` as model(x): its BatchNormalization
    and Dropout layers then run as in inference (moving statistics, no update)."""
    if getattr(model, "_call_has_training_arg", True):
        return []
    modal = sorted({type(layer).__name__ for layer in _layers(model, "keras")
                    if type(layer).__name__ in ("BatchNormalization", "Dropout", "SpatialDropout2D")})
    if not modal:
        return []
    why = (f"the Keras model's call() takes no training argument: fit runs its {', '.join(modal)} as in "
           "inference (BatchNormalization normalises with its moving statistics and never updates them)")
    return [why]


def dense_gradients(optimizer) -> None:
    """Keras on TensorFlow hands an embedding's gradient over token by token (IndexedSlices), which
    Adam-like optimizers square apart; made dense, as Keras on JAX or torch gives it (said in a note)."""
    import keras

    if keras.backend.backend() != "tensorflow":
        return
    import tensorflow as tf

    apply = optimizer.apply

    def dense(grads, trainable_variables=None):
        grads = [tf.convert_to_tensor(g) if isinstance(g, tf.IndexedSlices) else g for g in grads]
        return apply(grads, trainable_variables)
    optimizer.apply = dense


def torch_lrs(ns: dict, model, epochs: int, per_epoch: int) -> list[float]:
    import torch

    optimizer = ns["make_optimizer"](model)
    scheduler = ns["make_scheduler"](optimizer)
    loader = [(torch.zeros(1), torch.zeros(1))] * per_epoch
    rates = []
    with patched(ns, "train_step", lambda step: lambda *a: 0.0), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(epochs):
            rates.append(float(optimizer.param_groups[0]["lr"]))
            ns["train_one_epoch"](model, loader, optimizer, scheduler)
    return rates


def keras_lrs(ns: dict, epochs: int, per_epoch: int) -> list[float]:
    import keras

    optimizer = ns["make_optimizer"]()
    schedulers = [c for c in ns["make_callbacks"]() if isinstance(c, keras.callbacks.LearningRateScheduler)]
    for callback in schedulers:
        callback.set_model(types.SimpleNamespace(optimizer=optimizer))
    rates = []
    for epoch in range(epochs):
        optimizer.iterations.assign(epoch * per_epoch)
        for callback in schedulers:
            callback.on_epoch_begin(epoch)
        rates.append(float(keras.ops.convert_to_numpy(optimizer.learning_rate)))
    return rates


def value_driven(ns: dict, framework: str) -> list[str]:
    """Schedules driven by measured values (not comparable on synthetic steps)."""
    if framework == "keras":
        return [type(c).__name__ for c in ns["make_callbacks"]() if type(c).__name__ in VALUE_CALLBACKS]
    import torch

    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
    try:
        scheduler = ns["make_scheduler"](optimizer)
    except Exception:  # noqa: BLE001 - a scheduler written for the model's optimizer only
        return []
    return [type(scheduler).__name__] if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau) else []


def snapshot(model, framework: str) -> dict[str, np.ndarray]:
    if framework == "torch":
        return {k: v.detach().cpu().numpy().copy() for k, v in model.state_dict().items()}
    import keras

    out: dict[str, np.ndarray] = {}
    for i, variable in enumerate(model.weights):
        name = variable.path if variable.path not in out else f"{variable.path}#{i}"
        out[name] = np.array(keras.ops.convert_to_numpy(variable))
    return out
