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
    assert any("on an embedding: Keras on TensorFlow hands over a sparse gradient" in m for m in said)
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
    statistics and never updates them, while PyTorch's trains them; verify fails and says why. The
    migrated model declares call(..., training=None) and trains as PyTorch does; without it, it
    would not."""
    source = MODELS / "torch/dcgan_generator.py"
    trained = check(source, "keras", tmp_path, steps=2)
    assert trained.passed and not any("takes no training argument" in n for n in trained.notes), trained.summary()
    plain = check(source, "keras", tmp_path, lambda c: c.replace("def call(self, input_, training=None):",
                                                                   "def call(self, input_):"), steps=2)
    assert not plain.losses_agree and any("takes no training argument" in n for n in plain.notes)


def test_a_padding_row_torch_never_trains_is_a_stated_difference_in_keras(tmp_path):
    """nn.Embedding(padding_idx=0): PyTorch keeps row 0 out of training, Keras trains every row;
    warned, and verify names the embedding as a stated difference while the rest agrees."""
    source = MODELS / "programs/torch/bow_classifier_inline_corpus.py"
    result = check(source, "keras", tmp_path)
    assert result.passed, result.summary()
    assert [n.rsplit("/", 1)[-1] for n in result.stated] == ["embeddings"]
    assert "padding_idx=0" in next(iter(result.stated.values()))
    assert all(result.weight_agrees(n) for n in result.weights if n not in result.stated)


KERAS_ADAGRAD = '''
import numpy as np
import keras
from keras import layers

model = keras.Sequential([
    layers.Dense(64), layers.BatchNormalization(), layers.ReLU(), layers.Dense(3, activation="softmax"),
])

if __name__ == "__main__":
    x, y = np.random.rand(256, 20).astype("float32"), np.random.randint(0, 3, 256)
    model.compile(optimizer=keras.optimizers.Adagrad(learning_rate=0.05, initial_accumulator_value=0.0), loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=32, epochs=20)
'''


@pytest.mark.parametrize("direction", ["torch", "keras"])
def test_adagrad_keeps_its_epsilon_formula_where_a_bias_before_batchnorm_gets_rounding_noise(tmp_path, direction):
    """A Linear's bias right before BatchNorm has a gradient of rounding noise: torch's Adagrad (eps
    outside the root) steps it by about the rate, Keras' (inside) by about nothing. Each side's
    formula is written on the other (TorchAdagrad / KerasAdagrad); the plain class is caught."""
    if direction == "torch":
        source, plain = MODELS / "torch/ordered_dict.py", ("return TorchAdagrad(", "return keras.optimizers.Adagrad(")
    else:
        source = tmp_path / "keras_adagrad.py"
        source.write_text(KERAS_ADAGRAD)
        plain = ("return KerasAdagrad(", "return torch.optim.Adagrad(")
    target = "keras" if direction == "torch" else "torch"
    result = check(source, target, tmp_path, steps=5)
    assert result.passed, result.summary()
    assert not check(source, target, tmp_path, lambda c: c.replace(*plain), steps=5).passed


def test_a_final_softmax_cross_entropy_takes_keras_logits_not_clipped_probabilities(tmp_path):
    """Keras on TensorFlow computes categorical_crossentropy of a final softmax from its logits: a
    probability under 1e-7 keeps its gradient. The PyTorch code takes torch.log of the output; the
    clipped form Keras uses elsewhere loses those samples' gradients and is caught."""
    source = MODELS / "programs/keras/old_keras1_subsample_init.py"
    code = api.migrate(source, WriteOptions(target="torch"))
    assert "torch.log(outputs.clamp_min(1e-30))" in code  # finite where the probability underflows
    assert check(source, "torch", tmp_path, steps=5).passed
    clipped = check(source, "torch", tmp_path, lambda c: c.replace("torch.log(outputs.clamp_min(1e-30))",
                                                                     "torch.log(outputs.clamp(1e-07, 1.0 - 1e-07))"),
                    steps=5)
    assert not clipped.passed
