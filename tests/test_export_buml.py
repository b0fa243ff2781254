"""Pivot model <-> B-UML NN model, the generated B-UML script, and what B-UML refuses."""
import pytest

pytest.importorskip("besser", reason="B-UML tests need the besser package (nnport[besser], in the dev extra)")

from nnport.catalog import registry  # noqa: E402
from nnport.errors import NnportError, Reporter  # noqa: E402
from nnport.export.buml import from_buml, to_buml  # noqa: E402
from nnport.export.buml_script import script  # noqa: E402
from nnport.export.buml_table import ACTIVATIONS, BY_KIND, TENSOR_OPS  # noqa: E402
from nnport.ir import Component, Graph, Module, Network, Node, PivotModel, Training  # noqa: E402
from nnport.ir.types import channels_first, sequence  # noqa: E402
from nnport.notation import parse  # noqa: E402
from nnport.passes.shapes import infer_shapes  # noqa: E402


def required(kind: str, n: int) -> dict:
    if kind.startswith("conv"):
        return {"out_channels": 3, "kernel_size": (3,) * n, "padding": ((1, 1),) * n}
    if kind.startswith("adaptive"):
        return {"output_size": (2,) * n}
    if "pool" in kind and not kind.startswith("global"):
        return {"kernel_size": (2,) * n}
    return {"linear": {"out_features": 3}, "layer_norm": {"normalized_shape": (6,)}, "embedding": {"num_embeddings": 10, "embedding_dim": 4}}.get(kind, {})


def input_type(kind: str, n: int):
    if kind == "embedding":
        return sequence((None, 5), "int64")
    if n:
        return channels_first((None, 4, *[8] * n))
    return channels_first((None, 4, 6, 6)) if kind == "flatten" else channels_first((None, 6))


def one_layer(kind: str) -> PivotModel:
    n = int(kind[-2]) if kind[-1] == "d" and kind[-2].isdigit() else 0
    nodes = [Node("input", outputs=["x"])]
    modules = {}
    if kind in TENSOR_OPS:
        nodes.append(Node("call_op", kind, ["x", "x"], ["y"], {"axis": 1} if kind == "concat" else {}))
    else:
        modules["layer"] = Module("layer", kind, required(kind, n))
        nodes.append(Node("call_module", "layer", ["x"], ["y"]))
    nodes.append(Node("output", inputs=["y"]))
    model = PivotModel({"Net": Network("Net", modules, Graph(nodes, {"x": input_type(kind, n)}))}, "Net")
    infer_shapes(model, reporter := Reporter())
    assert not reporter.errors, reporter.errors
    return model


EXPRESSIBLE = sorted(k for k in [*BY_KIND, *ACTIVATIONS, *TENSOR_OPS])


def test_every_mapped_kind_is_a_catalog_kind():
    names = {k.name for k in registry.kinds()}
    assert set(EXPRESSIBLE) <= names


@pytest.mark.parametrize("kind", EXPRESSIBLE)
def test_pivot_to_buml_and_back_keeps_the_layer(kind):
    model = one_layer(kind)
    nn = to_buml(model)
    assert nn.validate(raise_exception=False)["success"]
    back = from_buml(nn, model.network.graph.types["x"])
    infer_shapes(back, Reporter())
    assert back.network.modules == model.network.modules
    assert [(n.op, n.target, n.inputs, n.outputs, n.attrs) for n in back.network.graph.nodes] == \
           [(n.op, n.target, n.inputs, n.outputs, n.attrs) for n in model.network.graph.nodes]
    assert back.network.graph.types == model.network.graph.types


RESIDUAL = """
network Residual
  %x = input : [N=?, C=3, H=8, W=8]
  module stem = conv2d(out_channels=4, kernel_size=(3, 3), padding=((1, 1), (1, 1)))
  module act = relu()
  module conv = conv2d(out_channels=4, kernel_size=(3, 3), padding=((1, 1), (1, 1)))
  module flat = flatten()
  module fc = linear(out_features=10)
  %s = stem(%x)
  %h = act(%s)
  %c = conv(%h)
  %sum = op add(%c, %h)
  %f = flat(%sum)
  %y = fc(%f)
  output %y
training
  optimizer sgd(lr=0.01, momentum=0.9)
  loss cross_entropy()
  metrics ['accuracy']
  epochs 2
  batch_size 8
"""


def layers(model: PivotModel) -> dict:
    return {m.name: (m.kind, m.attrs) for m in model.network.modules.values()}


def residual() -> PivotModel:
    model = parse(RESIDUAL, "residual.nn")
    infer_shapes(model, Reporter())
    return model


def test_script_builds_the_same_buml_model_and_the_behaviour_link():
    model = residual()
    namespace = {}
    exec(compile(script(model, "Camera.classify"), "buml_model.py", "exec"), namespace)
    nn = namespace["nn_model"]
    assert nn.validate(raise_exception=False)["success"]
    assert [m.name for m in nn.modules] == ["stem", "act", "conv", "sum", "flat", "fc"]
    method = next(iter(namespace["system_class"].methods))
    assert method.name == "classify" and method.neural_network is nn
    assert nn.configuration.optimizer == "sgd" and nn.configuration.momentum == 0.9
    back = from_buml(nn, model.network.graph.types["x"])
    infer_shapes(back, Reporter())
    assert layers(back) == layers(model)
    assert back.training.optimizer.attrs == {**registry.kind("sgd").defaults(), "lr": 0.01, "momentum": 0.9}
    assert back.training.epochs == 2 and back.training.metrics == ["accuracy"]


def test_buml_fused_activations_become_their_own_nodes():
    from besser.BUML.metamodel import nn as B
    nn = B.NN("Tiny", input_var="x")
    nn.add_layer(B.LinearLayer("fc", out_features=3, in_features=4, actv_func="relu"))
    model = from_buml(nn, channels_first((None, 4)))
    assert [(n.target, n.outputs) for n in model.network.module_calls()] == [("fc", ["fc_pre"]), ("fc_relu", ["fc"])]
    assert model.network.modules["fc_relu"].kind == "relu"


REFUSED = [
    ("module c = conv2d(out_channels=2, kernel_size=(2, 2), padding=((0, 1), (0, 1)))", "per-side padding"),
    ("module c = leaky_relu(negative_slope=0.2)", "only states negative_slope=0.01"),
    ("module c = max_pool2d(kernel_size=(2, 2), ceil_mode=True)", "only states ceil_mode=False"),
    ("module c = hard_tanh()", "no such layer"),
    ("module c = softmax(axis=1)", "over the last axis"),
]


@pytest.mark.parametrize("line, message", REFUSED)
def test_what_buml_cannot_state_is_refused_with_the_layer_named(line, message):
    model = parse(f"network N\n  %x = input : [N=?, C=2, H=6, W=6]\n  {line}\n", "n.nn")
    infer_shapes(model, Reporter())
    with pytest.raises(NnportError, match=message) as caught:
        to_buml(model)
    assert "'c'" in str(caught.value)


def test_training_buml_cannot_hold_is_refused():
    model = residual()
    model.training.optimizer = Component("adam", {"lr": 0.001, "eps": 1e-7})
    with pytest.raises(NnportError, match="cannot state eps=1e-07"):
        to_buml(model)
    model.training = Training(optimizer=Component("rmsprop", {}), loss=Component("mse", {}), epochs=1, batch_size=1)
    with pytest.raises(NnportError, match="B-UML optimizers are"):
        to_buml(model)
