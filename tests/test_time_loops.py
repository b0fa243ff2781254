"""Recurrent cells stepped over the time axis in forward (tests/models/time_loops/): the loop is
read as the cell scanned over the sequence, written as the target's recurrent layer with a comment
saying so, weights converted (PyTorch's two biases, GRU gate order and reset-after), and verified;
what is not a plain scan is refused with its reason."""
import textwrap
from pathlib import Path

import pytest
from backend_ir import migrate_and_verify
from test_generated_lint import lint

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

MODELS = Path(__file__).parent / "models" / "time_loops"

CASES = {  # file -> (Keras layer written, what the generated call returns)
    "lstm_tagger.py": ("layers.LSTM(hidden, return_sequences=True)", "the sequence"),
    "gru_classifier.py": ("layers.GRU(hidden, reset_after=True)", "the last state"),
    "rnn_cat.py": ('layers.SimpleRNN(hidden, activation="relu", return_sequences=True)', "the sequence"),
    "lstm_time_major.py": ("layers.LSTM(7, use_bias=False, return_sequences=True, return_state=True)",
                           "time-major sequence and final (h, c)"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_cell_loop_migrates_to_keras_and_computes_the_same(tmp_path, name):
    code, result = migrate_and_verify((MODELS / name).read_text(), tmp_path, "keras", name=name)
    layer, _ = CASES[name]
    assert layer in code
    assert "is a plain scan: written as" in code
    assert result.passed, result.summary()
    out = tmp_path / "generated.py"
    out.write_text(code)
    lint([out])


def test_keras_rnn_of_cells_migrates_to_the_torch_layers(tmp_path):
    code, result = migrate_and_verify((MODELS / "keras_rnn_cells.py").read_text(), tmp_path, "torch",
                                      name="keras_rnn_cells.py")
    assert "nn.LSTM(6, 12, batch_first=True)" in code and "nn.GRU(12, 8, batch_first=True)" in code
    assert result.passed, result.summary()


KERAS_CELL = """
import keras
from keras import layers

inputs = keras.Input(shape=(None, 6))
x = {call}
model = keras.Model(inputs, x)
"""


@pytest.mark.parametrize("call, message", [
    ("layers.RNN(layers.SimpleRNNCell(5), go_backwards=True)(inputs)", ("6:54: error: RNN go_backwards=True is not "
                                                                        "translated")),
    ("layers.RNN(layers.Dense(5))(inputs)", ("keras.layers.RNN wrapping linear is not translated (LSTMCell, GRUCell "
                                            "or SimpleRNNCell only)")),
    ("layers.GRUCell(5)(inputs, [inputs[:, 0, :5]])[0]", ("a recurrent cell applied to one step with its states "
                                                         "is not translated")),
])
def test_keras_cells_outside_a_plain_scan_are_refused(tmp_path, call, message):
    path = tmp_path / "net.py"
    path.write_text(KERAS_CELL.format(call=call))
    with pytest.raises(NnportError) as caught:
        migrate(path, WriteOptions(target="torch", only_model=True))
    assert message in str(caught.value)


def test_migration_of_a_cell_loop_is_deterministic():
    path = MODELS / "lstm_time_major.py"
    first, second = (migrate(path, WriteOptions(target="keras", only_model=True)) for _ in range(2))
    assert first == second


LOOP = """
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.cell = nn.GRUCell(4, 8)
        self.drop = nn.Dropout(0.1)

    def forward(self, x{extra}):
        h = {h0}
        outputs = []
        for t in range(x.size(1)):
            {body}
        return torch.stack(outputs, 1)
"""

STEP = "h = self.cell(x[:, t], h)\n            outputs.append(h)"
REFUSED = {  # case -> (what the source template is given, the diagnostic)
    "more in the body": (
        {"body": "h = self.cell(x[:, t], h)\n            h = self.drop(h)\n            outputs.append(h)"},
        ("17:13: error: a loop over time steps is read only as a plain scan of a recurrent cell (the step's "
         "input, the cell's call, collecting its output into an empty list); `h = self.drop(h)` is not part of one")),
    "given state": (
        {"extra": ", h0", "h0": "h0", "body": STEP},
        ("15:9: error: a loop over time steps from the initial state h: only zero states (torch.zeros) are read "
         "(the recurrent layer's default)")),
    "state not carried": (
        {"body": "h2 = self.cell(x[:, t], h)\n            outputs.append(h2)"},
        ("16:13: error: a cell in a loop over time steps is read as `h = cell(x_t, h)` (the states carried from "
         "step to step); `h2 = self.cell(x[:, t], h)` is not")),
    "other step": (
        {"body": "h = self.cell(x[:, 0], h)\n            outputs.append(h)"},
        "16:27: error: the cell's input x[:, 0] is not the loop's time step of x"),
    "stacked on another axis": (
        {"body": STEP, "stack": 0},
        ("error: torch.stack(outputs, 0) does not put the steps back along the loop's time axis 1 (the scan's "
         "output sequence)")),
}


def _source(extra="", h0="torch.zeros(x.size(0), 8)", body="", stack=1):
    return textwrap.dedent(LOOP.format(extra=extra, h0=h0, body=body)).replace(
        "torch.stack(outputs, 1)", f"torch.stack(outputs, {stack})")


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_is_not_a_plain_scan_is_refused(tmp_path, case):
    fields, message = REFUSED[case]
    path = tmp_path / "net.py"
    path.write_text(_source(**fields))
    with pytest.raises(NnportError) as caught:
        migrate(path, WriteOptions(target="keras", only_model=True))
    assert message in str(caught.value)


def test_a_single_step_of_a_cell_is_refused(tmp_path):
    path = tmp_path / "net.py"
    path.write_text(_source(body=STEP).replace(
        "        h = torch.zeros(x.size(0), 8)\n", "        h = self.cell(x[:, 0])\n"))
    with pytest.raises(NnportError) as caught:
        migrate(path, WriteOptions(target="keras", only_model=True))
    assert ("13:13: error: torch.nn.GRUCell is read only when a loop over time steps runs it from zero states "
            "(a plain scan); a single step is not translated") in str(caught.value)


@pytest.mark.parametrize("kind_name, cls, gates", [("lstm_cell", "LSTMCell", 4), ("gru_cell", "GRUCell", 3),
                                                    ("simple_rnn_cell", "RNNCell", 1)])
def test_cell_weights_round_trip_and_the_scan_matches_the_stepped_cell(kind_name, cls, gates):
    """PyTorch's cell (two biases, GRU gates r, z, n) -> canonical -> the Keras layer -> canonical:
    the Keras layer over the sequence equals the cell stepped by hand (GRU: reset_after=True)."""
    import keras
    import numpy as np
    import torch

    from nnport.catalog import registry
    from nnport.weights import engine

    torch.manual_seed(0)
    cell = getattr(torch.nn, cls)(3, 4)
    attrs = {**registry.kind(kind_name).defaults(), "input_size": 3, "hidden_size": 4, "return_sequences": True}
    x = np.random.default_rng(0).standard_normal((2, 5, 3)).astype(np.float32)
    keras_cls = {"lstm_cell": "LSTM", "gru_cell": "GRU", "simple_rnn_cell": "SimpleRNN"}[kind_name]
    extra = {"reset_after": True} if kind_name == "gru_cell" else {}
    layer = getattr(keras.layers, keras_cls)(4, return_sequences=True, **extra)
    layer(x)
    canonical = engine.to_canonical(cell, "torch", registry.kind(kind_name), attrs, kind_name)
    assert canonical["weight_ih_l0"].shape == (gates * 4, 3)
    engine.from_canonical(layer, "keras", registry.kind(kind_name), attrs, canonical, kind_name)
    back = engine.to_canonical(layer, "keras", registry.kind(kind_name), attrs, kind_name)
    assert sorted(back) == sorted(canonical)
    with torch.no_grad():
        state = (torch.zeros(2, 4), torch.zeros(2, 4)) if gates == 4 else torch.zeros(2, 4)
        steps = []
        for x_t in torch.from_numpy(x).unbind(1):
            state = cell(x_t, state)
            steps.append(state[0] if gates == 4 else state)
        expected = torch.stack(steps, 1).numpy()
    np.testing.assert_allclose(keras.ops.convert_to_numpy(layer(x)), expected, atol=1e-5, rtol=0)
