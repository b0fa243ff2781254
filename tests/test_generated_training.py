"""End to end: real source files with training code are migrated by `nnport.api.migrate`, the
generated module is imported, its data loading is replaced by small seeded synthetic arrays,
and its own train/evaluate functions run with the source's hyper-parameters.
(tests/test_training_code.py covers the training writer on hand-built pivot models.)"""
import math
from pathlib import Path

import numpy as np
import pytest

from backend_ir import load_code
from nnport.api import migrate
from nnport.errors import Reporter
from nnport.options import WriteOptions

TESTS = Path(__file__).parent


def generated(source: Path, target: str, tmp_path, reporter=None, **options):
    return load_code(migrate(source, WriteOptions(target=target, **options), reporter=reporter), tmp_path)


def labelled(shape, classes, seed=0, n=64):
    """Inputs and labels that a small network can learn (labels follow a fixed projection)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, *shape)).astype("float32")
    scores = x.reshape(n, -1) @ rng.normal(size=(x[0].size, classes))
    return x, (scores.argmax(axis=1) if classes > 1 else (scores[:, 0] > 0)).astype("int64")


def keras_losses(module, model, x, y, epochs):
    before = module.evaluate(model, x, y)["loss"]
    module.train(model, x, y, epochs=epochs)
    return before, module.evaluate(model, x, y)["loss"]


def torch_losses(module, model, x, y, epochs):
    import torch
    from torch.utils.data import TensorDataset

    data = TensorDataset(torch.tensor(x), torch.tensor(y))
    train_loader, val_loader, test_loader = module.make_loaders(data, data, batch_size=16)
    before = module.evaluate(model, test_loader)["loss"]
    history = module.train(model, train_loader, val_loader, epochs=epochs)
    return before, module.evaluate(model, test_loader)["loss"], history


def test_torch_lenet_loop_becomes_keras_fit_with_the_same_sgd(tmp_path):
    import keras

    keras.utils.set_random_seed(0)
    module = generated(TESTS / "models/torch/lenet_sequential.py", "keras", tmp_path)
    model = module.compile_model(module.Net())
    before, after = keras_losses(module, model, *labelled((1, 28, 28), 10), epochs=1)
    assert math.isfinite(before) and math.isfinite(after)
    opt = model.optimizer
    assert math.isclose(float(opt.learning_rate), 0.9, rel_tol=1e-6) and float(opt.momentum) == 0.0
    assert model.loss.get_config()["from_logits"] is True  # nn.CrossEntropyLoss takes logits


def test_torch_loop_with_step_lr_becomes_keras_fit_with_a_schedule(tmp_path):
    import keras

    keras.utils.set_random_seed(0)
    reporter = Reporter()
    module = generated(TESTS / "golden/torch_mlp_sequential/input.py", "keras", tmp_path, reporter)
    model = module.compile_model(module.Model())
    before, after = keras_losses(module, model, *labelled((20,), 4), epochs=2)
    assert after < before
    opt = model.optimizer
    assert math.isclose(float(opt.learning_rate), 0.05, rel_tol=1e-6)  # epochs 0 and 1: no step yet
    assert math.isclose(float(opt.momentum), 0.9)
    # torch's coupled L2 weight decay goes through the momentum: an SGD subclass adds it to the gradient
    assert math.isclose(float(opt.l2), 1e-4) and type(opt).__name__ == "L2SGD"
    assert not any("weight_decay" in d.message for d in reporter.diagnostics)
    assert not any("gamma" in d.message for d in reporter.diagnostics)  # the schedule's formula states it
    schedule = module.make_callbacks()[0].schedule
    assert [schedule(epoch) for epoch in (0, 4, 5, 10)] == [0.05, 0.05, 0.025, 0.0125]  # StepLR(5, 0.5)


def test_keras_tutorial_compile_fit_becomes_a_torch_loop_with_the_same_adam(tmp_path):
    import torch

    torch.manual_seed(0)
    module = generated(TESTS / "models/keras/tf_tutorial_sequential.py", "torch", tmp_path)
    model = module.Model()
    before, after, history = torch_losses(module, model, *labelled((32, 32, 3), 10), epochs=2)
    assert len(history) == 2 and after < before
    assert all("val_loss" in logs for logs in history)  # the source's validation_data=(test_images, ...)
    defaults = module.make_optimizer(model).defaults
    assert (defaults["lr"], defaults["betas"], defaults["eps"]) == (0.001, (0.9, 0.999), 1e-7)  # Keras' Adam


def test_keras_fit_with_callbacks_becomes_a_torch_loop_with_plateau_and_early_stopping(tmp_path):
    import torch

    torch.manual_seed(0)
    module = generated(TESTS / "golden/keras_functional_branches/input.py", "torch", tmp_path)
    model = module.Model()
    x, y = labelled((16,), 1)
    before, after, history = torch_losses(module, model, x, y.astype("float32"), epochs=3)
    assert after < before and "val_loss" in history[0]  # validation_split=0.2 validates every epoch
    optimizer = module.make_optimizer(model)
    assert math.isclose(optimizer.defaults["lr"], 3e-3) and optimizer.defaults["eps"] == 1e-7
    scheduler = module.make_scheduler(optimizer)
    assert isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    assert (scheduler.factor, scheduler.patience, scheduler.mode) == (0.5, 2, "min")


@pytest.mark.parametrize("layout, sample", [("source", (1, 28, 28)), ("native", (28, 28, 1))])
def test_keras_data_preparation_follows_the_migrated_models_input_layout(tmp_path, layout, sample):
    """MNIST arrays (N, 28, 28) of 0..255 become the generated model's input: channels first
    with the default layout (the source's), channels last with --layout native."""
    import keras

    keras.utils.set_random_seed(0)
    module = generated(TESTS / "golden/torch_lenet_flatten/input.py", "keras", tmp_path,
                       style="functional", layout=layout)
    model = module.compile_model(module.build_le_net())
    assert tuple(model.input_shape[1:]) == sample
    raw = np.random.default_rng(0).integers(0, 256, size=(32, 28, 28)).astype("uint8")
    x, y = module.prepare(raw, labelled((1,), 10, n=32)[1])
    assert x.shape == (32, *sample) and x.dtype == np.float32 and x.max() <= 1.0
    before, after = keras_losses(module, model, x, y, epochs=1)
    assert math.isfinite(before) and math.isfinite(after)


def test_data_the_source_makes_itself_is_made_by_the_migrated_code(tmp_path):
    """TensorDataset(torch.randn(512, 20), torch.randint(0, 4, (512,))): the Keras code draws the
    same kind of data with numpy instead of asking for a loader, and trains on it."""
    import keras

    keras.utils.set_random_seed(0)
    module = generated(TESTS / "golden/torch_mlp_sequential/input.py", "keras", tmp_path)
    (x, y), test = module.load_data()
    assert all(a is b for a, b in zip(test, (x, y)))  # the source has no other data
    assert x.shape == (512, 20) and x.dtype == np.float32 and y.shape == (512,) and set(np.unique(y)) <= {0, 1, 2, 3}
    model = module.compile_model(module.Model())
    before, after = keras_losses(module, model, x, y, epochs=2)
    assert after < before
