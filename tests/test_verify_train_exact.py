"""verify --train on training components written with their real semantics on each side:
PyTorch's coupled L2 weight decay in Keras, and what float32 rounding alone does to the steps
(the PyTorch side run again in float64) as the measure of two frameworks' agreement."""
from pathlib import Path

import pytest

from nnport import api
from nnport.options import WriteOptions
from nnport.verify.training import verify_training

pytest.importorskip("torch")
pytest.importorskip("keras")

TESTS = Path(__file__).parent
MODELS = TESTS / "models"


def check(source: Path, target: str, tmp_path: Path, edit=None, steps: int = 3):
    code = api.migrate(source, WriteOptions(target=target))
    out = tmp_path / f"{source.stem}_{target}.py"
    out.write_text(edit(code) if edit else code)
    return verify_training(source, out, steps=steps)


def test_adam_weight_decay_is_torch_l2_in_keras(tmp_path):
    """Adam(weight_decay=1e-2) adds the decay to the gradient before the adaptive scaling: the Keras
    code's L2TorchAdam does the same; Keras' own (decoupled) weight_decay, or none, is caught."""
    source = MODELS / "training/torch_adam_l2_regressor.py"
    result = check(source, "keras", tmp_path)
    assert result.passed, result.summary()
    assert max(d for d, _c, _r in result.weights.values()) < 1e-5
    decoupled = check(source, "keras", tmp_path, lambda c: c.replace("return L2TorchAdam(", "return TorchAdam(")
                      .replace("l2=0.01", "weight_decay=0.01"))
    assert not decoupled.weights_agree
    assert not check(source, "keras", tmp_path, lambda c: c.replace("l2=0.01", "l2=0.0")).weights_agree


def test_momentum_sgd_weight_decay_goes_through_the_momentum_in_keras(tmp_path):
    """SGD(momentum=0.9, weight_decay=1e-4): written as L2SGD, exact; the decoupled form is caught."""
    source = TESTS / "golden/torch_mlp_sequential/input.py"
    code = api.migrate(source, WriteOptions(target="keras"))
    assert "L2SGD(" in code and "l2=0.0001" in code
    assert check(source, "keras", tmp_path, steps=5).passed
    decoupled = check(source, "keras", tmp_path, lambda c: c.replace("return L2SGD(", "return keras.optimizers.SGD(")
                      .replace("l2=0.0001", "weight_decay=0.0001"), steps=5)
    assert decoupled.losses_agree and not decoupled.weights_agree


def test_adam_sign_steps_are_held_to_what_rounding_alone_does(tmp_path):
    """Adam's first steps are about the sign of each gradient: a conv kernel's near-zero gradients
    before BatchNorm flip with rounding. The float64 run measures it; the migration agrees within
    that, while a wrong rate is still caught."""
    source = MODELS / "keras/custom_block_subclass.py"
    result = check(source, "torch", tmp_path, steps=5)
    assert result.passed, result.summary()
    floors = [result.rounding[n] for n in result.weights if result.weights[n][2] > 2e-2]
    assert floors and all(f > 1e-2 for f in floors)  # rounding alone moves them by percents
    slower = check(source, "torch", tmp_path, lambda c: c.replace("lr=0.001", "lr=0.0009"), steps=5)
    assert not slower.weights_agree


def test_stated_differences_are_warned_in_the_migration_and_named_by_verify(tmp_path):
    """Adam on an embedding (Keras on TensorFlow squares each token's gradient apart) is warned and
    compared with dense gradients; PyTorch's L2 weight_decay on two LSTM biases, which differs
    between them, is warned, and verify names that bias, and only it, as a stated difference."""
    from nnport.errors import Reporter

    source = tmp_path / "tokens_l2.py"
    text = (MODELS / "training/torch_lstm_adam_tokens.py").read_text()
    source.write_text(text.replace('lr=HPARAMS["lr"])', 'lr=HPARAMS["lr"], weight_decay=1e-3)'))
    reporter = Reporter()
    api.migrate(source, WriteOptions(target="keras"), reporter=reporter)
    said = [d.message for d in reporter.diagnostics]
    assert any("on an embedding: Keras on TensorFlow squares" in m for m in said)
    assert any("weight_decay=0.001 adds each bias's own value" in m for m in said)
    result = check(source, "keras", tmp_path)
    assert result.passed, result.summary()
    assert [n.rsplit("/", 2)[-2:] for n in result.stated] == [["lstm_cell", "bias"]]
    assert all(result.weight_agrees(n) for n in result.weights if n not in result.stated)
    assert any("dense gradients" in line for line in result.not_comparable)


def test_two_torch_lstm_biases_are_keras_one_bias_stepped_twice(tmp_path):
    """b_ih and b_hh take the same Adam step: Keras' bias (their sum) takes it twice over; stepped
    once, the bias and then the loss are caught."""
    source = MODELS / "training/torch_lstm_adam_tokens.py"
    exact = check(source, "keras", tmp_path, steps=5)
    bias = next(n for n in exact.weights if n.endswith("lstm_cell/bias"))
    assert exact.weight_agrees(bias) and exact.weights[bias][2] < 1e-3
    once = check(source, "keras", tmp_path, lambda c: c.replace("return TwoBiasesTorchAdam(", "return TorchAdam("),
                 steps=5)
    assert not once.weight_agrees(bias) and once.weights[bias][2] > 0.1


def test_a_keras_model_whose_call_takes_no_training_is_said_to_fit_in_inference_mode(tmp_path):
    """Keras' fit calls such a model as model(x): its BatchNormalization normalises with moving
    statistics and never updates them, while PyTorch's trains them; verify fails and says why, and
    the same model given call(..., training=None) trains as PyTorch does."""
    source = MODELS / "torch/dcgan_generator.py"
    plain = check(source, "keras", tmp_path, steps=2)
    assert not plain.losses_agree and any("takes no training argument" in n for n in plain.notes)
    trained = check(source, "keras", tmp_path, lambda c: c.replace("def call(self, input_):",
                                                                     "def call(self, input_, training=None):"), steps=2)
    assert trained.passed and not any("takes no training argument" in n for n in trained.notes), trained.summary()
