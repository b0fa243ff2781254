"""The pivot model: JSON round-trip, text dump, invariants, shape inference."""
from nnport.catalog import registry
from nnport.errors import Reporter
from nnport.ir import Graph, Module, Network, Node, PivotModel
from nnport.ir.serialize import dumps, loads
from nnport.ir.text import dump
from nnport.ir.types import channels_first
from nnport.ir.validate import validate
from nnport.passes.shapes import infer_shapes


def small_cnn() -> PivotModel:
    modules = {
        "conv": Module("conv", "conv2d", {"out_channels": 8, "kernel_size": (3, 3), "padding": ((1, 1), (1, 1))}),
        "act": Module("act", "relu"),
        "flat": Module("flat", "flatten"),
        "fc": Module("fc", "linear", {"out_features": 10}),
    }
    nodes = [Node("input", outputs=["x"])]
    previous = "x"
    for name in modules:
        nodes.append(Node("call_module", name, [previous], [name]))
        previous = name
    nodes.append(Node("output", inputs=[previous]))
    graph = Graph(nodes, {"x": channels_first((None, 3, 16, 16))})
    return PivotModel({"Net": Network("Net", modules, graph, "sequential")}, main="Net")


def test_shape_inference_fills_inferred_attributes():
    model = small_cnn()
    reporter = Reporter()
    infer_shapes(model, reporter)
    net = model.network
    assert not reporter.diagnostics
    assert net.modules["conv"].attrs["in_channels"] == 3
    assert net.modules["fc"].attrs["in_features"] == 8 * 16 * 16
    assert net.graph.types["fc"].shape == (None, 10)
    assert net.is_chain


def test_json_round_trip_is_identity():
    model = small_cnn()
    infer_shapes(model, Reporter())
    text = dumps(model)
    again = loads(text)
    assert again == model
    assert dumps(again) == text


def test_text_dump_is_stable():
    model = small_cnn()
    infer_shapes(model, Reporter())
    assert dump(model) == dump(loads(dumps(model)))
    assert "module conv = conv2d(" in dump(model)


def test_invariants_report_use_before_definition_and_unknown_kinds():
    model = small_cnn()
    net = model.network
    net.graph.nodes.insert(1, Node("call_module", "fc", ["later"], ["y"]))
    net.modules["bad"] = Module("bad", "no_such_layer")
    messages = [d.message for d in validate(model)]
    assert any("%later used before it is defined" in m for m in messages)
    assert any("'no_such_layer' is not a catalog kind" in m for m in messages)


def test_registering_a_kind_twice_is_an_error():
    import pytest
    with pytest.raises(ValueError, match="registered twice"):
        registry.register(registry.kind("linear"))
