"""Learning-rate schedules, callbacks and metrics.

torch schedulers step once per epoch and Keras schedules once per optimizer step, so each
side's schedule is written in the other as a function of the same clock: a torch schedule
becomes a Keras ``LearningRateScheduler`` of the epoch (``epoch_lr`` hook), a Keras schedule a
torch ``LambdaLR`` stepped after every batch (``step_factor`` hook, relative to the initial rate).
"""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling
from .training import constant, string_spelling

LR_CALLBACK = "keras.callbacks.LearningRateScheduler"
LAMBDA_LR = "torch.optim.lr_scheduler.LambdaLR"


def _torch_schedule(cls, args):
    return Spelling("torch", "layer", f"torch.optim.lr_scheduler.{cls}", tuple(args),
                    positional=("optimizer", *(a.name for a in args)))


def _keras_schedule(cls, args):
    return Spelling("keras", "layer", f"keras.optimizers.schedules.{cls}", tuple(args),
                    positional=tuple(a.name for a in args))


def epoch_schedule(name, cls, attrs, args, formula):
    """A torch per-epoch scheduler; ``formula(attrs, lr)`` is its learning rate at ``epoch``."""
    return Kind(name=name, family="schedule", shape=None, attrs=attrs,
                spellings=(_torch_schedule(cls, args),
                           Spelling("keras", "layer", LR_CALLBACK, read=False, hooks={"epoch_lr": formula})),
                doc=f"torch {cls}, per epoch")


def step_schedule(name, cls, attrs, args, factor):
    """A Keras per-step schedule; ``factor(attrs)`` is its rate at ``step`` over the initial one."""
    return Kind(name=name, family="schedule", shape=None, attrs=(Attr("initial_lr", "float"), *attrs),
                spellings=(Spelling("torch", "layer", LAMBDA_LR, read=False, hooks={"step_factor": factor}),
                           _keras_schedule(cls, (Arg("initial_learning_rate", "initial_lr", always=True),
                                                 *args))),
                doc=f"Keras {cls}, per optimizer step")


def _cosine_epoch(a, lr):
    return f"{a['eta_min']!r} + ({lr} - {a['eta_min']!r}) * (1 + math.cos(math.pi * epoch / {a['T_max']!r})) / 2"


def _exponential_step(a):
    exponent = f"(step // {a['decay_steps']!r})" if a["staircase"] else f"(step / {a['decay_steps']!r})"
    return f"{a['decay_rate']!r} ** {exponent}"


def _cosine_step(a):
    progress = f"min(step, {a['decay_steps']!r}) / {a['decay_steps']!r}"
    return f"{a['alpha']!r} + (1 - {a['alpha']!r}) * 0.5 * (1 + math.cos(math.pi * {progress}))"


def _inverse_time_step(a):
    steps = f"(step // {a['decay_steps']!r})" if a["staircase"] else f"(step / {a['decay_steps']!r})"
    return f"1 / (1 + {a['decay_rate']!r} * {steps})"


def _piecewise_step(a):
    # Keras: values[i] while step <= boundaries[i]; bisect_left finds that i
    return f"{list(a['values'])!r}[bisect.bisect_left({list(a['boundaries'])!r}, step)] / {a['values'][0]!r}"


GAMMA = Attr("gamma", "float", 0.1)
SCHEDULES = [
    epoch_schedule("step_lr", "StepLR", (Attr("step_size", "int"), GAMMA),
                   (Arg("step_size", "step_size", always=True), Arg("gamma", "gamma", 0.1, always=True)),
                   lambda a, lr: f"{lr} * {a['gamma']!r} ** (epoch // {a['step_size']!r})"),
    epoch_schedule("exponential_lr", "ExponentialLR", (Attr("gamma", "float"),),
                   (Arg("gamma", "gamma", always=True),), lambda a, lr: f"{lr} * {a['gamma']!r} ** epoch"),
    epoch_schedule("multi_step_lr", "MultiStepLR", (Attr("milestones", "ints"), GAMMA),
                   (Arg("milestones", "milestones", always=True), Arg("gamma", "gamma", 0.1, always=True)),
                   lambda a, lr: f"{lr} * {a['gamma']!r} ** bisect.bisect_right({list(a['milestones'])!r}, epoch)"),
    epoch_schedule("cosine_annealing_lr", "CosineAnnealingLR", (Attr("T_max", "int"), Attr("eta_min", "float", 0.0)),
                   (Arg("T_max", "T_max", always=True), Arg("eta_min", "eta_min", 0.0, always=True)), _cosine_epoch),
    step_schedule("exponential_decay", "ExponentialDecay",
                  (Attr("decay_steps", "int"), Attr("decay_rate", "float"), Attr("staircase", "bool", False)),
                  (Arg("decay_steps", "decay_steps", always=True), Arg("decay_rate", "decay_rate", always=True),
                   Arg("staircase", "staircase", False)), _exponential_step),
    step_schedule("cosine_decay", "CosineDecay", (Attr("decay_steps", "int"), Attr("alpha", "float", 0.0)),
                  (Arg("decay_steps", "decay_steps", always=True), Arg("alpha", "alpha", 0.0, always=True)),
                  _cosine_step),
    # also Keras 2's optimizer decay=d: lr / (1 + d * step), i.e. decay_steps=1
    step_schedule("inverse_time_decay", "InverseTimeDecay",
                  (Attr("decay_steps", "int"), Attr("decay_rate", "float"), Attr("staircase", "bool", False)),
                  (Arg("decay_steps", "decay_steps", always=True), Arg("decay_rate", "decay_rate", always=True),
                   Arg("staircase", "staircase", False)), _inverse_time_step),
    Kind(name="piecewise_constant_decay", family="schedule", shape=None,
         attrs=(Attr("boundaries", "ints"), Attr("values", "floats")),
         spellings=(Spelling("torch", "layer", LAMBDA_LR, read=False, hooks={"step_factor": _piecewise_step}),
                    _keras_schedule("PiecewiseConstantDecay", (Arg("boundaries", "boundaries", always=True),
                                                               Arg("values", "values", always=True)))),
         doc="Keras PiecewiseConstantDecay, per optimizer step; the initial rate is values[0]"),
]

MONITOR = (Attr("monitor", "str", "val_loss"), Attr("mode", "str", "auto", doc="min | max | auto (by name)"))

CALLBACKS = [
    Kind(name="early_stopping", family="callback", shape=None,
         attrs=(*MONITOR, Attr("min_delta", "float", 0.0), Attr("patience", "int", 0),
                Attr("restore_best_weights", "bool", False), Attr("start_from_epoch", "int", 0)),
         spellings=(Spelling("keras", "layer", "keras.callbacks.EarlyStopping", (
             Arg("monitor", "monitor", "val_loss", always=True), Arg("min_delta", "min_delta", 0),
             Arg("patience", "patience", 0, always=True), Arg("mode", "mode", "auto"),
             Arg("restore_best_weights", "restore_best_weights", False),
             Arg("start_from_epoch", "start_from_epoch", 0))),),
         doc="stop when the monitored value stops improving (torch: written into the training loop)"),
    Kind(name="reduce_lr_on_plateau", family="callback", shape=None,
         attrs=(*MONITOR, Attr("factor", "float", 0.1), Attr("patience", "int", 10),
                Attr("threshold", "float", 1e-4), Attr("threshold_mode", "str", "rel"),
                Attr("cooldown", "int", 0), Attr("min_lr", "float", 0.0)),
         spellings=(
             Spelling("torch", "layer", "torch.optim.lr_scheduler.ReduceLROnPlateau", (
                 Arg("mode", "mode", "min", always=True), Arg("factor", "factor", 0.1, always=True),
                 Arg("patience", "patience", 10, always=True), Arg("threshold", "threshold", 1e-4, always=True),
                 Arg("threshold_mode", "threshold_mode", "rel", always=True), Arg("cooldown", "cooldown", 0),
                 Arg("min_lr", "min_lr", 0)),
                 positional=("optimizer", "mode", "factor", "patience", "threshold", "threshold_mode",
                             "cooldown", "min_lr"),
                 hooks={"step": "plateau"}),  # the torch loop steps it with the monitored value
             Spelling("keras", "layer", "keras.callbacks.ReduceLROnPlateau", (
                 Arg("monitor", "monitor", "val_loss", always=True), Arg("factor", "factor", 0.1, always=True),
                 Arg("patience", "patience", 10, always=True), Arg("mode", "mode", "auto"),
                 Arg("min_delta", "threshold", 1e-4, always=True), Arg("cooldown", "cooldown", 0),
                 Arg("min_lr", "min_lr", 0.0)),
                 positional=("monitor", "factor", "patience", "verbose", "mode", "min_delta", "cooldown", "min_lr"),
                 hooks={"implied": constant(threshold_mode="abs")}),
         ),
         doc="torch scheduler stepped with the monitored value / Keras callback"),
    Kind(name="model_checkpoint", family="callback", shape=None,
         attrs=(Attr("filepath", "str"), *MONITOR, Attr("save_best_only", "bool", False),
                Attr("save_weights_only", "bool", False)),
         spellings=(Spelling("keras", "layer", "keras.callbacks.ModelCheckpoint", (
             Arg("filepath", "filepath", always=True, to_fw=lambda p: p), Arg("monitor", "monitor", "val_loss"),
             Arg("save_best_only", "save_best_only", False), Arg("save_weights_only", "save_weights_only", False),
             Arg("mode", "mode", "auto")), positional=("filepath", "monitor")),),
         doc="save the model (torch: its state_dict) after epochs, or when the monitored value improves"),
]


def metric(name, cls, args=(), attrs=(), strings=()):
    layer = Spelling("keras", "layer", f"keras.metrics.{cls}", tuple(args))
    return Kind(name=name, family="metric", shape=None, attrs=tuple(attrs),
                spellings=(layer, *(string_spelling(s, layer) for s in strings)),
                doc=f"Keras {cls}; torch: computed in evaluate()")


METRICS = [
    # the string "accuracy" lets Keras pick sparse / categorical / binary accuracy from the loss
    Kind(name="accuracy", family="metric", shape=None, attrs=(),
         spellings=(Spelling("keras", "string", "accuracy"), Spelling("keras", "string", "acc")),
         doc="accuracy of the predicted class (Keras chooses the variant from the loss)"),
    metric("exact_accuracy", "Accuracy"),
    metric("sparse_categorical_accuracy", "SparseCategoricalAccuracy", strings=("sparse_categorical_accuracy",)),
    metric("categorical_accuracy", "CategoricalAccuracy", strings=("categorical_accuracy",)),
    metric("binary_accuracy", "BinaryAccuracy", (Arg("threshold", "threshold", 0.5),),
           (Attr("threshold", "float", 0.5),), ("binary_accuracy",)),
]

register(*SCHEDULES, *CALLBACKS, *METRICS)
