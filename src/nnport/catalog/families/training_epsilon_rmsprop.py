"""RMSprop written with the other framework's epsilon: Keras adds it inside the square root of
the mean square, torch outside. No scalar epsilon of one formula equals the other's, so each
side gets a subclass whose update step is the source's formula (see training_epsilon)."""

# the start of a torch optimizer's step(): the closure, then each parameter's gradient with torch's
# L2 weight_decay added; GROUP is replaced by the optimizer's own line per group
STEP_HEAD = '''    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:GROUP
            for param in (p for p in group["params"] if p.grad is not None):
                grad = param.grad
                if group["weight_decay"]:
                    grad = grad.add(param, alpha=group["weight_decay"])
                state = self.state[param]
'''

TORCH_RMSPROP = '''class Keras{base}(torch.optim.{base}):
    """torch.optim.{base} with Keras' update: epsilon inside the square root of the mean square,
    and the momentum buffer accumulating lr * gradient / sqrt(mean square + epsilon)."""

''' + STEP_HEAD.replace("GROUP", '''
            alpha, eps, lr, momentum = group["alpha"], group["eps"], group["lr"], group["momentum"]''') + '''\
                if not state:
                    for name in ("square_avg", "grad_avg", "momentum_buffer"):
                        state[name] = torch.zeros_like(param)
                mean_square = state["square_avg"].mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
                if group["centered"]:
                    grad_avg = state["grad_avg"].mul_(alpha).add_(grad, alpha=1 - alpha)
                    mean_square = mean_square - grad_avg * grad_avg
                increment = lr * grad / (mean_square + eps).sqrt()
                if momentum > 0:
                    increment = state["momentum_buffer"].mul_(momentum).add_(increment)
                param.sub_(increment)
        return loss
'''

KERAS_RMSPROP = '''class Torch{base}(keras.optimizers.{base}):
    """keras.optimizers.{base} with torch's update: epsilon outside the square root of the mean
    square, and the momentum buffer accumulating gradient / (sqrt(mean square) + eps)."""

    def update_step(self, gradient, variable, learning_rate):
        lr = keras.ops.cast(learning_rate, variable.dtype)
        gradient = keras.ops.cast(gradient, variable.dtype)
        index = self._get_variable_index(variable)
        velocity = self._velocities[index]
        self.assign(velocity, self.rho * velocity + (1 - self.rho) * keras.ops.square(gradient))
        mean_square = velocity
        if self.centered:
            average = self._average_gradients[index]
            self.assign(average, self.rho * average + (1 - self.rho) * gradient)
            mean_square = velocity - keras.ops.square(average)
        step = gradient / (keras.ops.sqrt(mean_square) + self.epsilon)
        if self.momentum > 0:
            buffer = self._momentums[index]
            self.assign(buffer, self.momentum * buffer + step)
            step = buffer
        self.assign_sub(variable, lr * step)
'''
