"""Generated training code, executed with real torch / Keras on small seeded synthetic data."""
import math

import numpy as np
import pytest

from nnport.backends.training import training_code
from nnport.errors import Reporter
from nnport.ir import Graph, Module, Network, Node, PivotModel
from nnport.ir.training import Component, Dataset, Training
from nnport.ir.types import channels_first, generic

TORCH_NET = """
from torch import nn
class Net(nn.Module):
    def __init__(self, softmax=False):
        super().__init__()
        self.fc = nn.Linear(4, 3)
        self.softmax = softmax
    def forward(self, x):
        x = self.fc(x)
        return x.softmax(dim=1) if self.softmax else x
"""


def pivot(training, datasets=(), last="linear", input_type=None):
    modules = {"fc": Module("fc", "linear", {"in_features": 4, "out_features": 3})}
    nodes = [Node("input", outputs=["x"]), Node("call_module", "fc", ["x"], ["fc"])]
    if last == "softmax":
        modules["act"] = Module("act", "softmax", {"axis": "C"})
        nodes.append(Node("call_module", "act", ["fc"], ["act"]))
    nodes.append(Node("output", inputs=[nodes[-1].outputs[0]]))
    graph = Graph(nodes, {"x": input_type or generic((None, 4))})
    return PivotModel({"Net": Network("Net", modules, graph)}, "Net", training, list(datasets))


def run(model, target, reporter=None, net=TORCH_NET):
    emitted = training_code(model, target, "Net()", reporter or Reporter())
    source = "\n".join(emitted.imports) + "\n" + (net if target == "torch" else "") + emitted.code
    compile(source, "<generated>", "exec")
    namespace = {}
    exec(source, namespace)
    return namespace, emitted


def synthetic(n=96, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ rng.normal(size=(4, 3))).argmax(axis=1)
    return x, y


def torch_loaders(ns, x, y, batch_size=16):
    import torch
    from torch.utils.data import TensorDataset

    data = TensorDataset(torch.tensor(x), torch.tensor(y))
    return ns["make_loaders"](data, data, batch_size=batch_size)


def test_torch_training_lowers_the_loss_and_keeps_the_source_hyper_parameters():
    import torch

    torch.manual_seed(0)
    training = Training(Component("sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-4}),
                        Component("cross_entropy", {"from_logits": True}), ["accuracy"], epochs=3, batch_size=16)
    ns, _ = run(pivot(training), "torch")
    model = ns["Net"]()
    train_loader, _, test_loader = torch_loaders(ns, *synthetic())
    before = ns["evaluate"](model, test_loader)
    history = ns["train"](model, train_loader, None, epochs=3)
    after = ns["evaluate"](model, test_loader)
    assert len(history) == 3 and after["loss"] < before["loss"] and 0.0 <= after["accuracy"] <= 1.0
    defaults = ns["make_optimizer"](model).defaults
    assert (defaults["lr"], defaults["momentum"], defaults["nesterov"], defaults["weight_decay"]) == (0.1, 0.9, True, 1e-4)


def test_keras_training_lowers_the_loss_and_keeps_the_source_hyper_parameters():
    import keras

    keras.utils.set_random_seed(0)
    training = Training(Component("adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-8}),
                        Component("cross_entropy", {"from_logits": True}), ["accuracy"], epochs=3, batch_size=16)
    ns, _ = run(pivot(training), "keras")
    model = ns["compile_model"](keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)]))
    x, y = synthetic()
    before = ns["evaluate"](model, x, y)
    ns["train"](model, x, y, epochs=3)
    after = ns["evaluate"](model, x, y)
    assert after["loss"] < before["loss"] and "accuracy" in after
    opt = model.optimizer
    assert math.isclose(float(opt.learning_rate), 0.05, rel_tol=1e-6)
    assert (opt.beta_1, opt.beta_2, opt.torch_epsilon) == (0.8, 0.99, 1e-8)
    # torch adds eps after the bias correction: Keras' epsilon at the next step t is eps * sqrt(1 - beta_2 ** t)
    step = int(opt.iterations) + 1
    assert math.isclose(float(opt.epsilon), 1e-8 * math.sqrt(1 - 0.99 ** step), rel_tol=1e-5)
    assert model.loss.get_config()["from_logits"] is True


def test_softmax_network_with_probability_loss_gets_nll_of_log_in_torch_no_double_softmax():
    """Keras: softmax at the end + SparseCategoricalCrossentropy(from_logits=False) -> torch."""
    import keras
    import torch

    training = Training(Component("adam", {"lr": 0.01}), Component("cross_entropy", {"from_logits": False}))
    reporter = Reporter()
    ns, emitted = run(pivot(training, last="softmax"), "torch", reporter)
    assert "NLLLoss" in emitted.code and "CrossEntropyLoss" not in emitted.code and not reporter.diagnostics
    probs = torch.softmax(torch.randn(8, 3, generator=torch.Generator().manual_seed(1)), dim=1)
    targets = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1])
    ours = ns["compute_loss"](probs, targets).item()
    theirs = float(keras.losses.SparseCategoricalCrossentropy()(targets.numpy(), probs.numpy()))
    assert abs(ours - theirs) < 1e-5


def test_torch_bce_with_logits_becomes_keras_from_logits_true_and_back():
    keras_ns, emitted = run(pivot(Training(loss=Component("binary_cross_entropy", {"from_logits": True}))), "keras")
    assert "BinaryCrossentropy(from_logits=True)" in emitted.code
    _, emitted = run(pivot(Training(loss=Component("binary_cross_entropy", {"from_logits": True}))), "torch")
    assert "nn.BCEWithLogitsLoss()" in emitted.code


def test_double_softmax_in_the_source_is_kept_and_reported():
    reporter = Reporter()
    run(pivot(Training(loss=Component("cross_entropy", {"from_logits": True})), last="softmax"), "keras", reporter)
    assert any("twice" in d.message for d in reporter.diagnostics)


def test_keras_decoupled_weight_decay_without_momentum_is_torch_sgds_own_weight_decay():
    """w - lr * wd * w - lr * g either way: written as torch.optim.SGD(weight_decay=...)."""
    training = Training(Component("sgd", {"lr": 0.1, "decoupled_weight_decay": 0.5}), Component("mse"))
    reporter = Reporter()
    _, emitted = run(pivot(training), "torch", reporter)
    assert "weight_decay=0.5" in emitted.code and "param.mul_" not in emitted.code and not reporter.diagnostics


def test_keras_decoupled_weight_decay_is_applied_explicitly_in_the_torch_loop():
    import torch

    torch.manual_seed(0)
    training = Training(Component("sgd", {"lr": 0.1, "momentum": 0.9, "decoupled_weight_decay": 0.5}),
                        Component("mse"))
    reporter = Reporter()
    ns, emitted = run(pivot(training), "torch", reporter)
    assert "param.mul_(1.0 - group[\"lr\"] * 0.5)" in emitted.code and not reporter.diagnostics
    model = ns["Net"]()
    with torch.no_grad():
        model.fc.weight.fill_(1.0)
    zeros = torch.utils.data.TensorDataset(torch.zeros(4, 4), torch.zeros(4, 3))
    ns["train_one_epoch"](model, torch.utils.data.DataLoader(zeros, batch_size=4), ns["make_optimizer"](model))
    assert torch.allclose(model.fc.weight, torch.full((3, 4), 0.95))  # zero gradient: only the decay acted


def test_torch_step_lr_and_keras_learning_rate_scheduler_give_the_same_rates():
    import torch

    training = Training(Component("sgd", {"lr": 0.1}), Component("mse"),
                        schedule=Component("step_lr", {"step_size": 2, "gamma": 0.5}))
    keras_ns, _ = run(pivot(training), "keras")
    callback = keras_ns["make_callbacks"]()[0]
    torch_ns, _ = run(pivot(training), "torch")
    optimizer = torch_ns["make_optimizer"](torch_ns["Net"]())
    scheduler = torch_ns["make_scheduler"](optimizer)
    for epoch in range(5):
        assert math.isclose(callback.schedule(epoch), optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()


def test_keras_exponential_decay_becomes_a_per_step_lambda_lr():
    import keras

    schedule = Component("exponential_decay", {"initial_lr": 0.1, "decay_steps": 3, "decay_rate": 0.5,
                                               "staircase": True})
    ns, _ = run(pivot(Training(Component("sgd", {"lr": 0.1}), Component("mse"), schedule=schedule)), "torch")
    optimizer = ns["make_optimizer"](ns["Net"]())
    scheduler = ns["make_scheduler"](optimizer)
    reference = keras.optimizers.schedules.ExponentialDecay(0.1, 3, 0.5, staircase=True)
    for step in range(7):
        assert math.isclose(optimizer.param_groups[0]["lr"], float(reference(step)), rel_tol=1e-6)
        optimizer.step()
        scheduler.step()


def test_torch_early_stopping_and_checkpoint_follow_keras_semantics(tmp_path):
    import torch

    torch.manual_seed(0)
    path = str(tmp_path / "best.keras")
    training = Training(Component("sgd", {"lr": 0.0}), Component("cross_entropy"), epochs=10,
                        callbacks=[Component("early_stopping", {"monitor": "val_loss", "patience": 2}),
                                   Component("model_checkpoint", {"filepath": path, "save_best_only": True})])
    ns, emitted = run(pivot(training), "torch")
    train_loader, val_loader, _ = torch_loaders(ns, *synthetic(32))
    assert val_loader is not None  # monitored val_loss: the test set validates
    history = ns["train"](ns["Net"](), train_loader, val_loader, epochs=10)
    assert len(history) == 3  # lr 0: no improvement after the first epoch, patience 2
    assert (tmp_path / "best.pt").exists()


def test_torch_early_stopping_restores_the_best_weights_when_training_ends_as_keras_does():
    """Keras' restore_best_weights puts the best epoch's weights back at the end of training,
    stopped early or not; without it the last weights stay."""
    import torch

    for restore in (True, False):
        torch.manual_seed(0)
        training = Training(Component("sgd", {"lr": 0.5}), Component("cross_entropy"), epochs=6, callbacks=[
            Component("early_stopping", {"monitor": "val_loss", "patience": 10, "restore_best_weights": restore})])
        ns, emitted = run(pivot(training), "torch")
        assert ("best_state" in emitted.code) == restore
        x, y = synthetic(64)
        train_loader, _, _ = torch_loaders(ns, x, y)
        _, val_loader, _ = torch_loaders(ns, x, (y + 1) % 3)  # other labels: learning makes it worse
        model = ns["Net"]()
        history = ns["train"](model, train_loader, val_loader, epochs=6)
        losses = [logs["val_loss"] for logs in history]
        assert len(history) == 6 and losses[-1] > min(losses)  # the last epoch is not the best
        final = ns["evaluate"](model, val_loader)["loss"]
        assert math.isclose(final, min(losses) if restore else losses[-1], rel_tol=1e-5)


def test_torch_early_stopping_with_patience_0_goes_on_while_the_value_improves():
    """Keras checks the patience only on epochs that did not improve."""
    import torch

    torch.manual_seed(0)
    training = Training(Component("sgd", {"lr": 0.05}), Component("cross_entropy"), epochs=4,
                        callbacks=[Component("early_stopping", {"monitor": "val_loss", "patience": 0})])
    ns, _ = run(pivot(training), "torch")
    train_loader, val_loader, _ = torch_loaders(ns, *synthetic(64))
    history = ns["train"](ns["Net"](), train_loader, val_loader, epochs=4)
    losses = [logs["val_loss"] for logs in history]
    assert len(history) == 4 and losses == sorted(losses, reverse=True)


def test_torch_checkpoint_path_is_formatted_with_the_epoch_as_keras_formats_it(tmp_path):
    training = Training(Component("sgd", {"lr": 0.01}), Component("cross_entropy"), epochs=2,
                        callbacks=[Component("model_checkpoint", {"filepath": str(tmp_path / "w_{epoch:02d}.keras")})])
    ns, _ = run(pivot(training), "torch")
    train_loader, val_loader, _ = torch_loaders(ns, *synthetic(32))
    ns["train"](ns["Net"](), train_loader, val_loader, epochs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w_01.pt", "w_02.pt"]


def test_loader_without_equivalent_is_a_named_function_to_fill_in():
    reporter = Reporter()
    model = pivot(Training(loss=Component("mse")), [Dataset("train", "boston_housing")])
    ns, _ = run(model, "torch", reporter)
    assert any("boston_housing" in d.message for d in reporter.diagnostics)
    with pytest.raises(NotImplementedError, match="load_arrays"):
        ns["load_data"]()


def test_keras_loader_matches_a_channels_first_model_input(monkeypatch):
    import keras

    fake = (np.arange(2 * 28 * 28, dtype="uint8").reshape(2, 28, 28), np.array([1, 2]))
    monkeypatch.setattr(keras.datasets.mnist, "load_data", lambda: (fake, fake))
    model = pivot(Training(loss=Component("cross_entropy")),
                  [Dataset("train", "mnist", transforms=[{"kind": "scale", "factor": 1 / 255}])],
                  input_type=channels_first((None, 1, 28, 28)))
    ns, _ = run(model, "keras")
    (x, _), _ = ns["load_data"]()
    assert x.shape == (2, 1, 28, 28) and x.dtype == np.float32
    assert np.allclose(x[:, 0], fake[0] / 255.0)


def test_generated_code_is_valid_black_input():
    import black

    training = Training(Component("rmsprop"), Component("nll_loss"), ["accuracy"], epochs=2,
                        schedule=Component("cosine_annealing_lr", {"T_max": 5}), validation_split=0.2)
    for target in ("torch", "keras"):
        emitted = training_code(pivot(training, [Dataset("train", "cifar10")]), target, "Net()", Reporter())
        formatted = black.format_str("\n".join(emitted.imports) + "\n" + emitted.code, mode=black.Mode())
        assert black.format_str(formatted, mode=black.Mode()) == formatted


def test_output_is_deterministic():
    training = Training(Component("adamw"), Component("cross_entropy"), ["accuracy"],
                        callbacks=[Component("early_stopping"), Component("reduce_lr_on_plateau")])
    for target in ("torch", "keras"):
        first = training_code(pivot(training), target, "Net()", Reporter())
        assert first == training_code(pivot(training), target, "Net()", Reporter())


@pytest.mark.parametrize("kind", ["sgd", "adam", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "adamw"])
def test_float_hyper_parameters_given_as_ints_are_written_as_floats(kind):
    """torch's signatures default some floats to ints (SGD momentum=0): Keras refuses those."""
    from nnport.catalog import registry

    floats = [a.name for a in registry.kind(kind).attrs
              if a.type == "float" and a.name not in ("decoupled_weight_decay", "clip_norm", "clip_value")]
    training = Training(optimizer=Component(kind, {name: 0 for name in floats} | {"lr": 1}), loss=Component("mse"))
    ns, _ = run(pivot(training), "keras")
    optimizer = ns["make_optimizer"]()  # keras.optimizers.* refuses an int momentum / rho
    assert float(optimizer.learning_rate) == 1.0


def test_values_written_by_a_hook_are_not_reported_as_dropped():
    """Adam's betas become Keras beta_1 / beta_2 through a hook, StepLR's gamma a formula."""
    reporter = Reporter()
    training = Training(optimizer=Component("adam", {"lr": 0.01, "betas": (0.5, 0.99)}), loss=Component("mse"),
                        schedule=Component("step_lr", {"step_size": 2, "gamma": 0.5}))
    ns, _ = run(pivot(training), "keras", reporter)
    optimizer = ns["make_optimizer"]()
    assert (float(optimizer.beta_1), float(optimizer.beta_2)) == (0.5, 0.99)
    assert ns["make_callbacks"]()[0].schedule(2) == pytest.approx(0.005)
    assert not reporter.diagnostics, [str(d) for d in reporter.diagnostics]


def test_validation_data_of_the_source_is_validated_on_every_epoch_in_both_targets(monkeypatch, capsys):
    """A Keras ``validation_data=(test arrays)`` (a dataset of split "validation"): the torch loop
    validates on the test split each epoch, the Keras script passes it to fit."""
    import keras

    rng = np.random.default_rng(0)
    arrays = tuple((rng.normal(size=(n, 4)).astype("float32"), rng.normal(size=(n, 1)).astype("float32"))
                   for n in (32, 16))
    monkeypatch.setattr(keras.datasets.boston_housing, "load_data", lambda: arrays)
    datasets = [Dataset("train", "boston_housing"), Dataset("test", "boston_housing", "validation")]
    model = pivot(Training(loss=Component("mse"), epochs=2), datasets)
    fits = []

    class Net(keras.Sequential):
        def __init__(self):
            super().__init__([keras.Input((4,)), keras.layers.Dense(1)])

        def fit(self, *args, **kwargs):
            fits.append(kwargs)
            return super().fit(*args, **kwargs, verbose=0)

    emitted = training_code(model, "keras", "Net()", Reporter())
    exec("\n".join(emitted.imports) + "\n" + emitted.code, {"__name__": "__main__", "Net": Net})
    x_val, y_val = fits[0]["validation_data"]
    assert np.array_equal(x_val, arrays[1][0]) and np.array_equal(y_val, arrays[1][1])

    ns, _ = run(model, "torch")
    x, _ = synthetic()
    train_loader, val_loader, _ = torch_loaders(ns, x, x[:, :3] * 2.0)
    history = ns["train"](ns["Net"](), train_loader, val_loader, epochs=2)
    assert val_loader is not None and all("val_loss" in logs for logs in history)
