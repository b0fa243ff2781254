"""Metrics computed in the generated PyTorch loop, and callbacks that log epochs.

A metric is written in torch as a formula: the ``batch_sum(outputs, targets)`` hook is the sum over
the batch's samples of the per-sample value (Keras averages the last axis per sample, then the
samples), written into ``evaluate()`` and divided by the number of samples, as Keras' running
mean over an epoch. Callbacks here have a ``loop`` hook naming the loop code the torch writer
places (the CSV row of each epoch, a ``SummaryWriter`` scalar per logged value); the writer
finds them by it, not by name.
"""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling


def _per_sample(error: str) -> str:
    return f"({error}).reshape(len(outputs), -1).mean(1).sum().item()"


def regression_metric(name, cls, error, finish=None):
    """``error`` is the elementwise error of outputs ``{out}`` and targets ``{y}``; ``finish`` the
    function applied to the epoch's mean (the root of RootMeanSquaredError)."""
    hooks = {"batch_sum": lambda out, y: _per_sample(error.format(out=out, y=y)), "finish": finish}
    return Kind(name=name, family="metric", shape=None, attrs=(),
                spellings=(Spelling("keras", "layer", f"keras.metrics.{cls}", (), hooks=hooks),),
                doc=f"Keras {cls}; torch: computed in evaluate() from the outputs and the targets")


ALIGNED = "{y}.reshape({out}.shape).to({out}.dtype)"  # Keras matches the targets' shape to the outputs'
METRICS = [
    regression_metric("mean_squared_error_metric", "MeanSquaredError", f"({{out}} - {ALIGNED}) ** 2"),
    regression_metric("mean_absolute_error_metric", "MeanAbsoluteError", f"({{out}} - {ALIGNED}).abs()"),
    regression_metric("root_mean_squared_error_metric", "RootMeanSquaredError", f"({{out}} - {ALIGNED}) ** 2",
                      finish="math.sqrt"),
]

CALLBACKS = [
    Kind(name="csv_logger", family="callback", shape=None,
         attrs=(Attr("filename", "str"), Attr("separator", "str", ","), Attr("append", "bool", False)),
         spellings=(Spelling("keras", "layer", "keras.callbacks.CSVLogger", (
             Arg("filename", "filename", always=True, to_fw=lambda p: p), Arg("separator", "separator", ","),
             Arg("append", "append", False)), positional=("filename", "separator", "append"),
             hooks={"loop": "csv_logger"}),),
         doc="one CSV row of the logged values per epoch (torch: written in the training loop)"),
    Kind(name="tensorboard", family="callback", shape=None,
         attrs=(Attr("log_dir", "str", "logs"),),
         spellings=(Spelling("keras", "layer", "keras.callbacks.TensorBoard", (
             Arg("log_dir", "log_dir", "logs", always=True, to_fw=lambda p: p),), positional=("log_dir",),
             hooks={"loop": "tensorboard"}),),
         doc="scalars per epoch for TensorBoard (torch: torch.utils.tensorboard.SummaryWriter; Keras writes "
             "train/ and validation/ runs named epoch_<value>, the torch loop one run named after each value)"),
]

register(*METRICS, *CALLBACKS)
