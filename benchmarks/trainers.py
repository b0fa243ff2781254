"""The same training in both frameworks: Adam with identical hyper-parameters, the same batches in
the same order, the loss that matches what the network outputs.

Three framework details would otherwise make the same network learn differently, each measured on
the LSTM (same weights, same batch, dropout off: after one step everything else agrees to 3e-8):
- Adam's epsilon: Keras adds it before the bias correction, torch after (keras_epsilon).
- torch's nn.LSTM / nn.RNN add two bias vectors where Keras has one, so their sum moves twice as
  far per Adam step; the second one is frozen (its gradient equals the first's, so the sum then
  moves as Keras' bias does).
- Keras' Adam on TensorFlow receives an Embedding's gradient as IndexedSlices and squares each
  occurrence of a repeated token apart (second moment sum(g_i^2) instead of (sum g_i)^2); the
  Keras side densifies gradients first, as torch's dense Embedding gradient is.
What is left differs by design: the dropout masks each framework draws.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EPS = 1e-7  # Keras' Adam and probability-clipping epsilon, used on the torch side too
BETAS = (0.9, 0.999)


@dataclass(frozen=True)
class Config:
    epochs: int
    batch: int = 32
    lr: float = 1e-3
    seed: int = 0


@dataclass(frozen=True)
class Task:
    """What the network outputs: binary (one unit) or multi-class, probabilities or logits."""

    binary: bool
    probabilities: bool


def task_of(outputs: np.ndarray) -> Task:
    """Read from a forward pass of the freshly initialised source network."""
    binary = outputs.shape[-1] == 1
    in_unit = bool(np.all(outputs >= 0) and np.all(outputs <= 1))
    sums_to_one = bool(np.allclose(outputs.sum(-1), 1.0, atol=1e-3))
    return Task(binary, in_unit if binary else in_unit and sums_to_one)


def batches(n: int, config: Config, epoch: int):
    order = np.random.default_rng(config.seed + epoch).permutation(n)
    return [order[i:i + config.batch] for i in range(0, n, config.batch)]


def train_torch(model, x, y, config: Config, task: Task) -> None:
    import torch

    torch.manual_seed(config.seed)
    opt = torch_adam(trainable_like_keras(model), config.lr)
    model.train()
    for epoch in range(config.epochs):
        for idx in batches(len(x), config, epoch):
            opt.zero_grad()
            out = model(torch.from_numpy(x[idx]))
            _torch_loss(out, torch.from_numpy(y[idx]), task).backward()
            keras_adam_step(opt)
    model.eval()


def trainable_like_keras(model) -> list:
    """The parameters to train, without the second bias of torch's LSTM and RNN (module docstring)."""
    import torch

    for module in model.modules():
        if isinstance(module, (torch.nn.LSTM, torch.nn.RNN)):
            for name, parameter in module.named_parameters():
                parameter.requires_grad_(not name.startswith("bias_hh"))
    return [p for p in model.parameters() if p.requires_grad]


def torch_adam(parameters, lr: float):
    import torch

    return torch.optim.Adam(parameters, lr=lr, betas=BETAS, eps=EPS)


def keras_adam_step(opt) -> None:
    """One step of torch's Adam moved exactly as Keras' Adam moves (see keras_epsilon)."""
    step = 1 + max((int(s["step"]) for s in opt.state.values()), default=0)
    for group in opt.param_groups:
        group["eps"] = keras_epsilon(step)
    opt.step()


def keras_epsilon(step: int) -> float:
    """torch's epsilon that makes its Adam step equal to Keras': Keras adds epsilon to sqrt(v)
    before the bias correction, torch after it. Early steps differ most (31x at step 1), enough to
    move weights with small gradients by a whole learning rate."""
    return EPS / (1.0 - BETAS[1] ** step) ** 0.5


def _torch_loss(out, y, task: Task):
    import torch.nn.functional as F

    if task.binary:
        target = y.float().reshape(out.shape)
        if task.probabilities:
            return F.binary_cross_entropy(out.clamp(EPS, 1 - EPS), target)
        return F.binary_cross_entropy_with_logits(out, target)
    if task.probabilities:
        return F.nll_loss(out.clamp(EPS, 1 - EPS).log(), y)
    return F.cross_entropy(out, y)


def train_keras(model, x, y, config: Config, task: Task) -> None:
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(config.seed)
    logits = not task.probabilities
    loss_fn = (keras.losses.BinaryCrossentropy(from_logits=logits) if task.binary
               else keras.losses.SparseCategoricalCrossentropy(from_logits=logits))
    opt = keras.optimizers.Adam(learning_rate=config.lr, beta_1=BETAS[0], beta_2=BETAS[1], epsilon=EPS)
    target = y.reshape(-1, 1).astype(np.float32) if task.binary else y

    @tf.function(reduce_retracing=True)
    def step(inputs, labels):
        with tf.GradientTape() as tape:
            loss = loss_fn(labels, model(inputs, training=True)) + sum(model.losses)
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip([tf.convert_to_tensor(g) for g in grads], model.trainable_variables))

    for epoch in range(config.epochs):
        for idx in batches(len(x), config, epoch):
            step(x[idx], target[idx])


def predict(model, framework: str, x: np.ndarray, batch: int = 256) -> np.ndarray:
    from nnport.verify.arrays import as_numpy_list
    from nnport.weights.runtime import run_model

    parts = [as_numpy_list(run_model(model, framework, [x[i:i + batch]]))[0] for i in range(0, len(x), batch)]
    return np.concatenate(parts)


def accuracy(outputs: np.ndarray, y: np.ndarray, task: Task) -> float:
    if task.binary:
        predicted = (outputs.reshape(-1) > (0.5 if task.probabilities else 0.0)).astype(np.int64)
    else:
        predicted = outputs.argmax(-1)
    return float((predicted == y).mean())
