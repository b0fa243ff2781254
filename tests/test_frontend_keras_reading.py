"""Keras frontend details: names, activations, training, datasets, framework-free reading."""
import subprocess
import sys
import time

import pytest
from keras_compare import MODELS, pivot_of

from nnport import api
from nnport.errors import NnportError, Reporter
from nnport.options import ReadOptions


def ops(network):
    return [(n.target, n.attrs) for n in network.graph.nodes if n.op == "call_op"]


def test_training_from_compile_and_fit():
    model, _ = pivot_of(MODELS / "timeseries_conv1d.py")
    t = model.training
    assert (t.epochs, t.batch_size, t.validation_split) == (500, 32, 0.2)
    assert [c.kind for c in t.callbacks] == ["model_checkpoint", "reduce_lr_on_plateau", "early_stopping"]
    assert t.loss.attrs["from_logits"] is False


def test_keras2_spellings_and_regularizer():
    model, reporter = pivot_of(MODELS / "mlp_keras2.py")
    assert model.training.optimizer.attrs["lr"] == 0.01 and model.training.optimizer.attrs["momentum"] == 0.9
    assert model.network.modules["dense"].attrs["kernel_regularizer"] == {"kind": "l2", "factor": 0.01}
    assert any("kernel_regularizer" in d.message for d in reporter.diagnostics)


def test_gradient_tape_loop():
    model, _ = pivot_of(MODELS / "gradient_tape.py")
    assert model.training.epochs == 3 and model.training.batch_size == 32
    assert model.training.optimizer.kind == "adam" and model.training.loss.attrs["from_logits"] is True
    assert model.datasets[0].loader == "fashion_mnist"
    assert model.datasets[0].transforms == [{"kind": "scale", "factor": 1 / 255.0}]


def test_activation_variables_and_objects():
    model, _ = pivot_of(MODELS / "activation_variable.py")
    assert [t for t, _ in ops(model.network)] == ["elu", "elu", "tanh", "softmax"]
    model, _ = pivot_of(MODELS / "activation_objects.py")
    slopes = [m.attrs["negative_slope"] for m in model.network.modules.values() if m.kind == "leaky_relu"]
    assert slopes == [0.2, 0.1]
    assert ops(model.network) == [("leaky_relu", {"negative_slope": 0.05})]


def test_unknown_constructor_activation_is_kept_as_expression(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("import keras\nfrom keras import layers\n\n\nclass Net(keras.Model):\n"
                      "    def __init__(self, act):\n        super().__init__()\n"
                      "        self.fc = layers.Dense(4, activation=act)\n\n"
                      "    def call(self, x):\n        return self.fc(x)\n")
    model = api.load(source, ReadOptions(input_shape=(None, 3)))
    assert ops(model.network) == [("dynamic_activation", {"expr": "act"})]


def test_shared_layer_is_one_module_called_twice():
    model, _ = pivot_of(MODELS / "shared_layer_functional.py")
    calls = [n.target for n in model.network.module_calls()]
    assert calls.count("dense") == 2 and len(model.network.graph.inputs) == 2


def test_custom_block_is_a_sub_network():
    model, _ = pivot_of(MODELS / "custom_block_subclass.py")
    assert list(model.networks) == ["ResidualBlock", "ResNetSmall"]
    assert model.network.modules["block1"].attrs == {"network": "ResidualBlock"}
    assert model.network.modules["block2"].attrs == {"network": "ResidualBlock"}


def test_slicing_and_tf_ops():
    model, _ = pivot_of(MODELS / "ops_in_call.py")
    kinds = [t for t, _ in ops(model.network)]
    assert "getitem" in kinds and "mean" in kinds and "concat" in kinds
    index = next(a for t, a in ops(model.network) if t == "getitem")["index"]
    assert index == ((None, None, None), 0, (None, None, None))


def test_reading_imports_no_framework():
    code = ("import sys, nnport.api as api\n"
            f"api.load({str(MODELS / 'mini_xception.py')!r})\n"
            "print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_large_file_reads_quickly_in_process(tmp_path):
    body = ["import keras", "from keras import layers", "", "model = keras.Sequential()",
            "model.add(keras.Input(shape=(64,)))"]
    body += [f"model.add(layers.Dense({16 + i % 5}, activation='relu'))" for i in range(290)]
    body += ["model.compile(optimizer='adam', loss='mse')"]
    source = tmp_path / "big.py"
    source.write_text("\n".join(body) + "\n")
    start = time.perf_counter()
    model = api.load(source, reporter=Reporter())
    elapsed = time.perf_counter() - start
    assert len(model.network.modules) == 290
    print(f"300-line file read in {elapsed:.3f}s")


def test_bidirectional_is_one_bidirectional_recurrent_module():
    model, _ = pivot_of(MODELS / "lstm_sentiment.py")
    bilstm = model.network.modules["bilstm"]
    assert (bilstm.kind, bilstm.attrs["bidirectional"], bilstm.attrs["hidden_size"]) == ("lstm", True, 32)
    model, _ = pivot_of(MODELS / "sequence_states_functional.py")
    assert model.network.modules["bidirectional"].kind == "gru"


def test_returned_states_are_entries_of_the_pytorch_layout_states():
    model, _ = pivot_of(MODELS / "encoder_state_subclass.py")
    call = next(n for n in model.network.module_calls() if n.target == "encoder")
    assert call.outputs[0] == "" and call.outputs[1:3] == ["h_n", "c_n"]
    assert ops(model.network) == [("getitem", {"index": (0,)}), ("getitem", {"index": (0,)})]
    model, _ = pivot_of(MODELS / "sequence_states_functional.py")
    indexes = [a["index"] for t, a in ops(model.network) if t == "getitem"]
    assert indexes == [(0,), (0,), (0,), (1,)]  # LSTM h, c; GRU forward h, backward h


def test_merge_modes_are_ops_on_the_concatenated_directions():
    model, _ = pivot_of(MODELS / "bidirectional_merge_modes.py")
    kinds = [t for t, _ in ops(model.network)]
    assert kinds[:3] == ["getitem", "getitem", "add"]  # sum
    assert kinds[3:7] == ["getitem", "getitem", "stack", "mean"]  # ave
    assert kinds[7:9] == ["getitem", "getitem"]  # None: both halves returned
    assert kinds[9:12] == ["getitem", "getitem", "mul"]  # mul
    assert all(m.attrs["bidirectional"] for m in model.network.modules.values() if m.kind in ("lstm", "gru"))


def test_keras2_decay_is_an_inverse_time_decay_schedule():
    import keras

    from nnport.catalog import registry

    model, reporter = pivot_of(MODELS / "encoder_state_subclass.py")
    schedule = model.training.schedule
    assert (schedule.kind, schedule.attrs) == ("inverse_time_decay", {
        "initial_lr": 0.05, "decay_steps": 1, "decay_rate": 0.001, "staircase": False})
    assert any("decay=0.001 is Keras 2 API" in d.message for d in reporter.diagnostics)
    factor = registry.kind("inverse_time_decay").spelling("torch").hooks["step_factor"](schedule.attrs)
    reference = keras.optimizers.schedules.InverseTimeDecay(0.05, 1, 0.001)
    for step in (0, 1, 10, 500):
        assert abs(0.05 * eval(factor, {"step": step}) - float(reference(step))) < 1e-7
        assert abs(0.05 * eval(factor, {"step": step}) - 0.05 / (1 + 0.001 * step)) < 1e-9  # Keras 2's formula


def test_the_same_loss_for_every_output_is_one_loss():
    model, reporter = pivot_of(MODELS / "sequence_states_functional.py")
    assert not reporter.errors and model.training.loss.kind == "cross_entropy"
    assert model.training.metrics == ["accuracy", "mae"]  # per output, flattened once


UNTRANSLATABLE = {
    "x = layers.Bidirectional(layers.LSTM(8), merge_mode='max')(inputs)": "merge_mode='max' is not one of Keras's",
    "x = layers.Bidirectional(layers.LSTM(8), backward_layer=layers.LSTM(8, go_backwards=True))(inputs)":
        "Bidirectional backward_layer= is not translated",
    "x = layers.Bidirectional(layers.Dense(8))(inputs)": "Bidirectional wrapping linear is not translated",
    "x = layers.LSTM(8)(inputs, initial_state=[inputs, inputs])": "initial_state=[inputs, inputs] in the call",
    "x = layers.LSTM(8)(inputs)\nmodel = keras.Model(inputs, [x, x])\n"
    "model.compile(optimizer='adam', loss=['mse', 'mae'])": "a different loss per output is not translated",
    "x = layers.LSTM(8)(inputs)\nmodel = keras.Model(inputs, [x, x])\n"
    "model.compile(optimizer='adam', loss='mse', loss_weights=[1.0, 0.5])": "loss_weights=[1.0, 0.5] is not",
}


@pytest.mark.parametrize("line", sorted(UNTRANSLATABLE))
def test_untranslatable_recurrent_and_loss_settings_are_reported_where_they_are(line, tmp_path):
    source = tmp_path / "m.py"
    ending = "" if "model =" in line else "model = keras.Model(inputs, x)\n"
    source.write_text(f"import keras\nfrom keras import layers\n\ninputs = keras.Input(shape=(5, 3))\n{line}\n{ending}")
    reporter = Reporter()
    try:
        api.load(source, reporter=reporter)
    except NnportError:
        pass  # the network may not be readable once the layer is refused
    found = [d for d in reporter.errors if UNTRANSLATABLE[line] in d.message]
    assert found and found[0].loc.line >= 5, [str(d) for d in reporter.diagnostics]
