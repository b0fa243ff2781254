"""PyTorch's two recurrent biases trained in Keras' one, exactly.

torch's LSTM and RNN add ``b_ih + b_hh`` where Keras has one bias; both torch biases get the same
gradient and, starting from the same optimizer state, take the same step, so their sum moves by
twice one step of the optimizer (whatever its formula: SGD, momentum, Adam). Keras is given that
by a subclass whose ``update_step`` takes each such bias's step twice over (``twice_stepped``).
Not exact under torch's L2 ``weight_decay``, whose term differs between the two (said instead).
"""
from __future__ import annotations

TWICE_CLASS = '''class TwoBiases{base}({parent}):
    """{parent} moving each recurrent cell's bias twice as far: PyTorch trains two biases
    (b_ih, b_hh) with the same gradient, whose sum is this one bias."""

    two_biases = {suffixes!r}

    def build(self, variables):
        super().build(variables)
        self.twice = [self._get_variable_index(v) for v in variables if v.path.endswith(self.two_biases)]

    def update_step(self, gradient, variable, learning_rate):
        if self._get_variable_index(variable) not in self.twice:
            return super().update_step(gradient, variable, learning_rate)
        before = keras.ops.copy(variable)
        super().update_step(gradient, variable, learning_rate)
        self.assign_add(variable, keras.ops.subtract(variable, before))  # the same step once more
'''


def twice_stepped(parent: str, suffixes: tuple[str, ...]) -> tuple[str, str]:
    """(class name, code) of ``parent`` stepping the variables whose path ends in ``suffixes`` twice."""
    base = parent.rsplit(".", 1)[-1]
    return f"TwoBiases{base}", TWICE_CLASS.format(base=base, parent=parent, suffixes=tuple(sorted(suffixes)))
