"""Losses. ``from_logits`` says what the loss is applied to: raw scores (True) or probabilities.

A torch loss class fixes that meaning (``CrossEntropyLoss`` takes logits, ``BCELoss``
probabilities), a Keras loss takes it as an argument: torch spellings state it with an
``implied`` hook, and a write-only torch spelling covers the other meaning where torch has no
class for it (cross-entropy of probabilities = ``NLLLoss`` of their log, clipped like Keras).
"""
from ..registry import register
from ..schema import Arg, Attr, Inexpressible, Kind, Spelling
from .training import constant, keras_reduction, string_spelling, torch_reduction

KERAS_EPSILON = 1e-7  # Keras clips probabilities to [eps, 1 - eps] before taking logs


def log_of_probabilities(expr: str, last: str | None = None) -> str:
    """``input(expr, last)`` hook: Keras clips probabilities before taking their log, except that on
    TensorFlow a cross-entropy of a final softmax's output takes the softmax's logits (log_softmax,
    no clipping: a probability under 1e-7 keeps its gradient); ``last`` is the network's final kind."""
    return f"torch.log({expr}.clamp({KERAS_EPSILON}, 1.0 - {KERAS_EPSILON}))"


def log_of_softmax(expr: str, last: str | None = None) -> str:
    """A softmax's log as TensorFlow's log_softmax gives it; a probability that underflowed to 0
    (the logits log_softmax reads are gone here) is held at 1e-30, so the loss stays finite."""
    return f"torch.log({expr}.clamp_min(1e-30))" if last == "softmax" else log_of_probabilities(expr)


# one-hot rows (Keras' categorical losses) as class ids; a loader of class ids (torchvision's,
# where the Keras code one-hots keras.datasets labels) gives them as they are
ONE_HOT_AS_IDS = "(targets.argmax(dim=1) if targets.dim() > 1 else targets).long()"


def _class_targets(attrs):
    return "targets.long()" if attrs.get("sparse_labels", True) else ONE_HOT_AS_IDS


def _class_prediction(attrs):
    truth = "targets" if attrs.get("sparse_labels", True) else ONE_HOT_AS_IDS
    return "outputs.argmax(dim=1)", truth


def _binary_prediction(attrs):
    return f"(outputs > {0.0 if attrs['from_logits'] else 0.5}).float()", "targets.float().view_as(outputs)"


def _float_targets(attrs):
    return "targets.float().view_as(outputs)"


# torch: how targets enter the loss (``target``) and which class is predicted (``predict``)
CLASSES = {"target": _class_targets, "predict": _class_prediction}
BINARY = {"target": _float_targets, "predict": _binary_prediction}
VALUES = {"target": _float_targets}


def _ignore_to_torch(value):
    return -100 if value is None else value


def _ignore_from_torch(value):
    return None if value == -100 else value


def _torch(name, args, *, form="layer", read=True, **hooks):
    positional = ("input", "target") if form == "function" else ()
    return Spelling("torch", form, name, tuple(args), positional=positional, read=read, hooks=hooks)


def _both_forms(cls, fn, args, **hooks):
    return [_torch(f"torch.nn.{cls}", args, **hooks),
            _torch(f"torch.nn.functional.{fn}", args, form="function", **hooks)]


def _keras(cls, args, strings=(), read=True, **hooks):
    layer = Spelling("keras", "layer", f"keras.losses.{cls}", tuple(args), read=read, hooks=hooks)
    return [layer, *(string_spelling(s, layer) for s in strings)]


REDUCTION = Attr("reduction", "str", "mean", doc="mean | sum | none (batchmean for kl_div)")

CE_TORCH = (Arg("ignore_index", "ignore_index", -100, _ignore_to_torch, _ignore_from_torch), torch_reduction())
CE_TORCH_LS = CE_TORCH + (Arg("label_smoothing", "label_smoothing", 0.0),)
KERAS_LOGITS = Arg("from_logits", "from_logits", False, always=True)

cross_entropy = Kind(
    name="cross_entropy", family="loss", shape=None,
    attrs=(Attr("from_logits", "bool", True), Attr("sparse_labels", "bool", True, doc="class ids, not one-hot"),
           Attr("label_smoothing", "float", 0.0), Attr("ignore_index", "int", None), REDUCTION),
    spellings=(
        *_both_forms("CrossEntropyLoss", "cross_entropy", CE_TORCH_LS, implied=constant(from_logits=True), **CLASSES),
        _torch("torch.nn.NLLLoss", CE_TORCH, read=False, implied=constant(from_logits=False),
               input=log_of_softmax, **CLASSES),
        *_keras("SparseCategoricalCrossentropy",
                (KERAS_LOGITS, Arg("ignore_class", "ignore_index", None), keras_reduction()),
                ("sparse_categorical_crossentropy",), implied=constant(sparse_labels=True)),
        *_keras("CategoricalCrossentropy",
                (KERAS_LOGITS, Arg("label_smoothing", "label_smoothing", 0.0), keras_reduction()),
                ("categorical_crossentropy",), implied=constant(sparse_labels=False)),
    ),
    doc="softmax cross-entropy; torch accepts class ids or probabilities as targets",
)

nll_loss = Kind(
    name="nll_loss", family="loss", shape=None,
    attrs=(Attr("ignore_index", "int", None), REDUCTION),
    spellings=(
        *_both_forms("NLLLoss", "nll_loss", CE_TORCH, **CLASSES),
        # log-probabilities are valid logits: log_softmax leaves them unchanged
        *_keras("SparseCategoricalCrossentropy", (Arg("from_logits", None, True, always=True),
                                                  Arg("ignore_class", "ignore_index", None), keras_reduction()),
                read=False),
    ),
    doc="negative log-likelihood of log-probabilities (after log_softmax)",
)

binary_cross_entropy = Kind(
    name="binary_cross_entropy", family="loss", shape=None,
    attrs=(Attr("from_logits", "bool", False), Attr("label_smoothing", "float", 0.0), REDUCTION),
    spellings=(
        *_both_forms("BCELoss", "binary_cross_entropy", (torch_reduction(),), implied=constant(from_logits=False),
                     **BINARY),
        *_both_forms("BCEWithLogitsLoss", "binary_cross_entropy_with_logits", (torch_reduction(),),
                     implied=constant(from_logits=True), **BINARY),
        *_keras("BinaryCrossentropy", (KERAS_LOGITS, Arg("label_smoothing", "label_smoothing", 0.0),
                                       keras_reduction()), ("binary_crossentropy",)),
    ),
    doc="binary cross-entropy of probabilities or (from_logits) of raw scores",
)


def simple_loss(name, torch_cls, torch_fn, keras_cls, strings, torch_extra=(), keras_extra=(), attrs=(),
                keras_read=True):
    return Kind(
        name=name, family="loss", shape=None, attrs=(*attrs, REDUCTION),
        spellings=(*_both_forms(torch_cls, torch_fn, (*torch_extra, torch_reduction()), **VALUES),
                   *_keras(keras_cls, (*keras_extra, keras_reduction()), strings, read=keras_read)),
        doc=f"{torch_cls} / {keras_cls}",
    )


def _only_unit_beta(value):
    """SmoothL1(beta) == Huber(delta=beta) / beta: the same loss only for beta == 1."""
    if value != 1.0:
        raise Inexpressible(f"SmoothL1Loss(beta={value}) is Huber(delta={value}) / {value}")
    return value


kl_div = Kind(
    name="kl_div", family="loss", shape=None,
    attrs=(Attr("log_input", "bool", False, doc="the loss is applied to log-probabilities"),
           Attr("log_target", "bool", False), Attr("reduction", "str", "batchmean")),
    spellings=(
        *_both_forms("KLDivLoss", "kl_div", (Arg("reduction", "reduction", "mean", always=True),
                                             Arg("log_target", "log_target", False)),
                     implied=constant(log_input=True)),
        _torch("torch.nn.KLDivLoss", (Arg("reduction", "reduction", "mean", always=True),), read=False,
               implied=constant(log_input=False), input=log_of_probabilities),
        *_keras("KLDivergence", (Arg("reduction", "reduction", "sum_over_batch_size",
                                     lambda v: "sum_over_batch_size" if v == "batchmean" else
                                     _no_keras_kl(v), lambda v: "batchmean" if v == "sum_over_batch_size" else v),),
                ("kl_divergence", "kld"), implied=constant(log_input=False)),
    ),
    doc="Kullback-Leibler divergence; Keras sums over classes and averages over the batch (batchmean)",
)


def _no_keras_kl(value):
    raise Inexpressible(f"KL divergence with reduction {value!r} has no Keras spelling (only batchmean)")


register(
    cross_entropy, nll_loss, binary_cross_entropy, kl_div,
    simple_loss("mse", "MSELoss", "mse_loss", "MeanSquaredError", ("mse", "mean_squared_error")),
    simple_loss("l1", "L1Loss", "l1_loss", "MeanAbsoluteError", ("mae", "mean_absolute_error")),
    simple_loss("huber", "HuberLoss", "huber_loss", "Huber", ("huber",),
                (Arg("delta", "delta", 1.0, always=True),), (Arg("delta", "delta", 1.0, always=True),),
                (Attr("delta", "float", 1.0),)),
    simple_loss("smooth_l1", "SmoothL1Loss", "smooth_l1_loss", "Huber", (),
                (Arg("beta", "beta", 1.0, always=True),),
                (Arg("delta", "beta", 1.0, _only_unit_beta, always=True),), (Attr("beta", "float", 1.0),), keras_read=False),
)
