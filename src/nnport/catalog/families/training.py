"""Training components: optimizers, losses, LR schedules, callbacks, metrics.

Same entry shape as layers (``Kind`` with spellings), with ``shape=None``. Canonical
attributes follow PyTorch names (``lr``, ``betas``, ``eps``, ``weight_decay``); a loss's
``from_logits`` says whether it expects raw scores.
"""
from ..registry import register
from ..schema import Arg, Attr, Kind, Spelling

register(
    Kind(
        name="adam",
        family="optimizer",
        attrs=(Attr("lr", "float", 0.001), Attr("betas", "floats", (0.9, 0.999)), Attr("eps", "float", 1e-8),
               Attr("weight_decay", "float", 0.0)),
        shape=None,
        spellings=(
            Spelling("torch", "layer", "torch.optim.Adam",
                     (Arg("lr", "lr", 0.001, always=True), Arg("betas", "betas", (0.9, 0.999)),
                      Arg("eps", "eps", 1e-8, always=True), Arg("weight_decay", "weight_decay", 0.0)),
                     positional=("params", "lr", "betas", "eps", "weight_decay")),
            Spelling("keras", "layer", "keras.optimizers.Adam",
                     (Arg("learning_rate", "lr", 0.001, always=True, aliases=("lr",)),
                      Arg("beta_1", None, 0.9), Arg("beta_2", None, 0.999),
                      Arg("epsilon", "eps", 1e-7, always=True)),
                     positional=("learning_rate", "beta_1", "beta_2", "epsilon"),
                     hooks={}),
            Spelling("keras", "string", "adam"),
        ),
        doc="Adam; the frameworks' eps defaults differ (1e-8 vs 1e-7), so it is always written",
    ),
)
