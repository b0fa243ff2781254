"""The Table 2 trainers: torch's Adam, stepped through keras_adam_step, follows Keras' Adam."""
import keras
import numpy as np
import pytest
import torch

from benchmarks import trainers

STEPS = 6


def _gradients(scale: float) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [(rng.standard_normal(16) * scale).astype(np.float32) for _ in range(STEPS)]


def _keras_path(start: np.ndarray, grads) -> np.ndarray:
    weight = keras.Variable(start)
    opt = keras.optimizers.Adam(learning_rate=1e-3, beta_1=trainers.BETAS[0], beta_2=trainers.BETAS[1],
                                epsilon=trainers.EPS)
    for g in grads:
        opt.apply_gradients([(keras.ops.convert_to_tensor(g), weight)])
    return keras.ops.convert_to_numpy(weight)


def _torch_path(start: np.ndarray, grads, step) -> np.ndarray:
    weight = torch.nn.Parameter(torch.from_numpy(start.copy()))
    opt = trainers.torch_adam([weight], 1e-3)
    for g in grads:
        weight.grad = torch.from_numpy(g)
        step(opt)
    return weight.detach().numpy()


@pytest.mark.parametrize("scale", [1.0, 1e-6, 1e-8])
def test_torch_adam_steps_as_keras_adam(scale):
    start = np.linspace(-1, 1, 16, dtype=np.float32)
    grads = _gradients(scale)
    np.testing.assert_allclose(_torch_path(start, grads, trainers.keras_adam_step), _keras_path(start, grads),
                               rtol=0, atol=1e-7)


def test_plain_torch_adam_differs_where_gradients_are_small():
    """Why the correction exists: with the same epsilon, small gradients move differently."""
    start = np.zeros(16, dtype=np.float32)
    grads = _gradients(1e-7)
    moved = np.abs(_torch_path(start, grads, lambda opt: opt.step()) - _keras_path(start, grads)).max()
    assert moved > 1e-4


KERAS_TEXT_MODEL = '''import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(12,), dtype="int32"),
    layers.Embedding(50, 8),
    layers.LSTM(6),
    layers.Dense(1, activation="sigmoid"),
])
'''


def test_a_keras_lstm_and_its_migration_train_alike(tmp_path):
    """Same weights, same batches, no dropout: the trainers keep the two networks together (the
    LSTM's second bias and the Embedding's sparse gradient would otherwise split them)."""
    from benchmarks import engine
    from nnport.verify.arrays import mad

    source = tmp_path / "text.py"
    source.write_text(KERAS_TEXT_MODEL)
    migrated, _ = engine.migrate_to_file(source, "torch", "subclassing", out_dir=tmp_path)
    model = engine.pivot(source)
    keras_model = engine.load(source, "keras", factory="model")
    torch_model = engine.load_migrated(migrated, model, "torch", "subclassing")
    rng = np.random.default_rng(0)
    x = rng.integers(1, 5, size=(64, 12)).astype(np.int64)  # few tokens: each repeats within a row
    y = (x[:, 0] > 2).astype(np.int64)
    engine.forward(keras_model, "keras", [x[:2]])
    engine.copy_weights(model, keras_model, torch_model, "torch", "subclassing")
    config, task = trainers.Config(epochs=2, batch=16), trainers.Task(binary=True, probabilities=True)
    trainers.train_keras(keras_model, x, y, config, task)
    trainers.train_torch(torch_model, x, y, config, task)
    probe = rng.integers(0, 50, size=(8, 12)).astype(np.int64)
    outputs = [engine.to_numpy(engine.forward(m, fw, [probe]))[0] for m, fw in ((keras_model, "keras"), (torch_model, "torch"))]
    assert mad(*outputs) < 1e-5
