"""PyTorch's ``weight_decay`` in Keras: L2 added to the gradient before the optimizer's update.

torch's SGD (with momentum), Adam, RMSprop, Adagrad ... add ``weight_decay * w`` to the gradient,
so the decay goes through the momentum and the adaptive scaling; Keras' ``weight_decay`` shrinks
the weights by ``lr * wd * w`` apart from the update (equal only for SGD without momentum, which
is restated as such). Keras is given torch's form exactly by a subclass of the optimizer (or of
the class written for its epsilon) whose ``update_step`` adds the term first: the ``coupled_decay``
hook of each Keras optimizer spelling, ``(parent class) -> (class name, code, keyword of the decay)``.
"""
from __future__ import annotations

L2_CLASS = '''class {name}({parent}):
    """{parent} with PyTorch's weight_decay: l2 * variable added to the gradient
    before the update, through the momentum and the adaptive scaling (Keras' weight_decay
    is applied apart)."""

    def __init__(self, *args, l2=0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.l2 = l2

    def update_step(self, gradient, variable, learning_rate):
        gradient = keras.ops.add(gradient, keras.ops.multiply(keras.ops.cast(self.l2, variable.dtype), variable))
        return super().update_step(gradient, variable, learning_rate)

    def get_config(self):
        return {{**super().get_config(), "l2": self.l2}}
'''

def coupled_decay(parent: str) -> tuple[str, str, str]:
    """The class adding torch's L2 to the gradient of ``parent`` (a Keras optimizer or subclass)."""
    name = "L2" + parent.rsplit(".", 1)[-1]
    return name, L2_CLASS.format(name=name, parent=parent), "l2"
