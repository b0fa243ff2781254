"""`nnport.verify_models` on objects built directly (no files, no frontends)."""
import pytest

import nnport
from nnport.errors import NnportError, Reporter
from nnport.ir.graph import Module, Network, Node, PivotModel
from nnport.ir.types import generic
from nnport.passes.shapes import infer_shapes

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")


def pivot() -> PivotModel:
    """Linear(4->5) -> BatchNorm1d -> ReLU -> Linear(5->3), as a frontend would read it."""
    net = Network("Net", style="sequential")
    specs = [("0", "linear", {"out_features": 5}), ("1", "batch_norm1d", {}), ("2", "relu", {}),
             ("3", "linear", {"out_features": 3})]
    net.modules = {name: Module(name, kind, attrs) for name, kind, attrs in specs}
    values = ["x", "a", "b", "c", "d"]
    net.graph.nodes = [Node("input", outputs=["x"])] + [
        Node("call_module", name, [values[i]], [values[i + 1]]) for i, (name, _, _) in enumerate(specs)
    ] + [Node("output", inputs=["d"])]
    net.graph.types["x"] = generic((None, 4))
    model = PivotModel({"Net": net}, "Net")
    infer_shapes(model, Reporter())
    return model


def torch_net():
    net = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.BatchNorm1d(5), torch.nn.ReLU(), torch.nn.Linear(5, 3))
    with torch.no_grad():
        net[1].running_mean.uniform_(-1, 1)
        net[1].running_var.uniform_(0.5, 2)
    return net


def keras_net(epsilon=1e-5):
    return keras.Sequential([keras.layers.Dense(5, name="d0"),
                             keras.layers.BatchNormalization(epsilon=epsilon, momentum=0.9, name="bn"),
                             keras.layers.ReLU(name="act"), keras.layers.Dense(3, name="d3")])


PATHS = {"0": "d0", "1": "bn", "2": "act", "3": "d3"}


def test_equal_networks_pass_both_directions():
    forward = nnport.verify_models(torch_net(), keras_net(), pivot(), paths=PATHS, trials=4, seed=3)
    assert forward.passed and forward.max < 1e-5 and set(forward.per_layer) == {"0", "1", "2", "3"}
    backward = nnport.verify_models(keras_net(), torch_net(), pivot(), paths={k: k for k in PATHS}, trials=4)
    assert backward.passed
    assert nnport.VerifyResult is type(backward) and '"passed": true' in backward.to_json()


def test_first_diverging_layer_is_named():
    result = nnport.verify_models(torch_net(), keras_net(epsilon=0.3), pivot(), paths=PATHS, trials=2)
    assert not result.passed and result.first_diverging == "1"
    assert result.per_layer["0"] < 1e-5 < result.per_layer["1"]


def test_missing_counterpart_is_a_clear_error():
    with pytest.raises(NnportError, match=r"layer '3' \[linear\].*no counterpart"):
        nnport.verify_models(torch_net(), keras_net(), pivot(), paths={"0": "d0", "1": "bn"}, trials=1)
