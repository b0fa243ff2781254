"""Adagrad written with the other framework's epsilon: Keras adds it inside the square root of the
accumulator, torch outside. Where a gradient is near zero (a bias right before a BatchNorm, whose
gradient is rounding noise) the two differ by orders of magnitude: torch's step is about the rate,
Keras' about nothing. Each side gets a subclass whose update is the source's formula (see
training_epsilon)."""
from .training_epsilon_rmsprop import STEP_HEAD

TORCH_ADAGRAD = '''class Keras{base}(torch.optim.{base}):
    """torch.optim.{base} with Keras' update: epsilon inside the square root of the accumulator."""

''' + STEP_HEAD.replace("GROUP", "") + '''\
                state["step"] += 1
                rate = group["lr"] / (1 + (float(state["step"]) - 1) * group["lr_decay"])
                state["sum"].addcmul_(grad, grad, value=1)
                param.sub_(rate * grad / (state["sum"] + group["eps"]).sqrt())
        return loss
'''

KERAS_ADAGRAD = '''class Torch{base}(keras.optimizers.{base}):
    """keras.optimizers.{base} with torch's update: epsilon outside the square root of the
    accumulator."""

    def update_step(self, gradient, variable, learning_rate):
        lr = keras.ops.cast(learning_rate, variable.dtype)
        gradient = keras.ops.cast(gradient, variable.dtype)
        accumulator = self._accumulators[self._get_variable_index(variable)]
        self.assign_add(accumulator, keras.ops.square(gradient))
        self.assign_sub(variable, lr * gradient / (keras.ops.sqrt(accumulator) + self.epsilon))
'''
