"""Training components: shared pieces of the optimizer, loss, schedule, callback and metric entries.

Same entry shape as layers (``Kind`` with spellings), with ``shape=None``. Canonical
attributes follow PyTorch names (``lr``, ``betas``, ``eps``, ``weight_decay``); a loss's
``from_logits`` says whether it expects raw scores.

Hooks used by training spellings (``Spelling.hooks``), all optional:
  ``implied()``        canonical attributes the spelling fixes without an argument
                       (``BCEWithLogitsLoss`` means ``from_logits=True``); frontends apply
                       them after binding, backends pick the spelling whose implied values match;
  ``bind(attrs)``      canonical attributes from bound ones that no single argument carries
                       (Keras ``beta_1``/``beta_2`` -> ``betas``);
  ``write(attrs)``     extra framework keyword arguments derived from canonical attributes;
  ``input(expr)``      the expression the loss must be applied to (log of probabilities ...);
  ``epoch_lr(attrs, lr)`` / ``step_factor(attrs)`` a schedule as an expression of ``epoch``
                       (learning rate) or of ``step`` (factor of the initial rate);
  ``emulate(attrs)``   (name, code) of a class written into the migrated file where the
                       framework has none of the source's formula; ``emulates``: the implied
                       attributes it computes (default: all), the others are reported;
  ``per_step``         a torch scheduler stepped after every batch (OneCycleLR);
  ``unknown(attrs)``   why bound values cannot be translated (the frontend leaves it out), or None;
  ``restate(attrs)``   (attrs, warning or None): the values in the form this framework states
                       them where the forms are equal (SGD's L2 and decoupled weight decay
                       without momentum), with a warning where they only approximate.

Weight decay has two canonical attributes because the frameworks mean different things:
``weight_decay`` is L2 added to the gradient (torch SGD/Adam/RMSprop ...), and
``decoupled_weight_decay`` shrinks the weights by ``lr * wd`` each step (torch AdamW and every
Keras optimizer's ``weight_decay``).
"""
from __future__ import annotations

from ..schema import Arg, Inexpressible, Spelling


def implied(spelling: Spelling) -> dict:
    hook = spelling.hooks.get("implied")
    return dict(hook()) if hook else {}


def constant(**values):
    """An ``implied`` hook returning ``values``."""
    return lambda: dict(values)


def string_spelling(name: str, like: Spelling) -> Spelling:
    """A Keras string ("adam", "mse"): the class with every argument at its default."""
    return Spelling("keras", "string", name, like.args, hooks=like.hooks)


# torch 'mean' averages every element; Keras 'sum_over_batch_size' averages the per-sample
# losses, which are themselves means over the last axis: the same number for these losses.
KERAS_REDUCTION = {"mean": "sum_over_batch_size", "sum": "sum", "none": None}
CANONICAL_REDUCTION = {v: k for k, v in KERAS_REDUCTION.items()}


def torch_reduction() -> Arg:
    return Arg("reduction", "reduction", "mean")


def _to_keras_reduction(value: str):
    if value not in KERAS_REDUCTION:
        raise Inexpressible(f"reduction {value!r} has no Keras spelling")
    return KERAS_REDUCTION[value]


def keras_reduction() -> Arg:
    return Arg("reduction", "reduction", "sum_over_batch_size", _to_keras_reduction, CANONICAL_REDUCTION.get)
