"""Where an optimizer adds its epsilon: the frameworks' formulas differ, not only the defaults.

Keras adds Adam's epsilon before the bias correction of the second moment ("epsilon hat" in
Kingma and Ba), torch after it: at step t, torch's eps equals Keras' epsilon / sqrt(1 - beta_2^t).
Keras' RMSprop and Adagrad add it inside the square root, torch outside; Adamax and Nadam place
it differently again. The canonical ``eps_form`` ("torch" | "keras") states which formula the
source trains with; each spelling implies its own. Adam and AdamW are written exactly in the
other framework by a small subclass that sets epsilon per step, RMSprop and Adagrad by one whose
update step is the source's formula (an ``emulate`` hook giving the class's name and code); for
the others the difference is reported.
"""
from __future__ import annotations

from ..schema import Attr
from .training_epsilon_adagrad import KERAS_ADAGRAD, TORCH_ADAGRAD
from .training_epsilon_rmsprop import KERAS_RMSPROP, TORCH_RMSPROP

EPS_FORMS = ("adam", "adamw", "rmsprop", "adagrad", "adamax", "nadam")
WHERE = {"adam": "before the bias correction of the second moment (torch: after it)",
         "adamw": "before the bias correction of the second moment (torch: after it)",
         "rmsprop": "inside the square root of the mean square (torch: outside it)",
         "adagrad": "inside the square root of the accumulator (torch: outside it)",
         "adamax": "to the infinity norm in the update (torch: to the gradient before the norm)",
         "nadam": "with Keras' own momentum schedule (torch: Dozat's)"}


def eps_attr(name: str) -> tuple[Attr, ...]:
    if name not in EPS_FORMS:
        return ()
    return (Attr("eps_form", "str", "torch", doc=f"where epsilon enters: Keras adds it {WHERE[name]}; the "
                                                 "updates differ where gradients are small"),)


TORCH_CLASS = '''class Keras{base}(torch.optim.{base}):
    """torch.optim.{base} with Keras' epsilon, added before the bias correction of the second
    moment: torch's eps at step t is epsilon / sqrt(1 - beta_2 ** t)."""

    def __init__(self, params, **kwargs):
        super().__init__(params, **kwargs)
        for group in self.param_groups:
            group["keras_eps"] = group["eps"]

    def step(self, closure=None):
        for group in self.param_groups:
            done = [int(self.state[p]["step"]) for p in group["params"] if "step" in self.state[p]]
            step = max(done, default=0) + 1
            group["eps"] = group["keras_eps"] / math.sqrt(1.0 - group["betas"][1] ** step)
        return super().step(closure)
'''

KERAS_CLASS = '''class Torch{base}(keras.optimizers.{base}):
    """keras.optimizers.{base} with torch's epsilon, added after the bias correction of the
    second moment: Keras' epsilon at step t is eps * sqrt(1 - beta_2 ** t)."""

    @property
    def epsilon(self):
        step = keras.ops.cast(self.iterations + 1, "float32")
        return self.torch_epsilon * keras.ops.sqrt(1.0 - keras.ops.power(self.beta_2, step))

    @epsilon.setter
    def epsilon(self, value):
        self.torch_epsilon = value

    def get_config(self):
        return {{**super().get_config(), "epsilon": self.torch_epsilon}}
'''


# per optimizer: the class code written in torch, in Keras
CLASSES = {"adam": (TORCH_CLASS, KERAS_CLASS), "adamw": (TORCH_CLASS, KERAS_CLASS),
           "rmsprop": (TORCH_RMSPROP, KERAS_RMSPROP), "adagrad": (TORCH_ADAGRAD, KERAS_ADAGRAD)}


def _emulation(name: str, framework: str, base: str):
    """``emulate(attrs)``: (class name, class code) where the source's epsilon form is the other
    framework's, else None."""
    other = "keras" if framework == "torch" else "torch"
    prefix, code = ("Keras", CLASSES[name][0]) if framework == "torch" else ("Torch", CLASSES[name][1])

    def emulate(attrs: dict):
        if attrs.get("eps_form", "torch") != other:
            return None
        return f"{prefix}{base}", code.format(base=base)
    return emulate


def eps_hooks(name: str, framework: str, base: str) -> dict:
    """The spelling's ``implied`` eps_form and, for Adam, AdamW and RMSprop, its ``emulate`` hook."""
    if name not in EPS_FORMS:
        return {}
    hooks = {"implied": lambda: {"eps_form": framework}}
    if name in CLASSES:
        hooks["emulate"] = _emulation(name, framework, base)
    return hooks
