"""The .nn text notation: round trips with the JSON form, hand-written files, error places."""
import pytest

from nnport.catalog import registry
from nnport.catalog.schema import REQUIRED
from nnport.errors import NnportError, Reporter, SourceLoc
from nnport.ir import Component, Dataset, Graph, Module, Network, Node, PivotModel, SourceInfo, Training
from nnport.ir.serialize import dumps, loads
from nnport.ir.text import dump
from nnport.ir.types import TensorType, channels_first, channels_last
from nnport.notation import parse
from nnport.passes.shapes import infer_shapes

SAMPLES = {"int": 3, "float": 0.25, "bool": False, "str": "x", "ints": (2, 2), "floats": (0.5, 0.5),
           "padding": ((1, 0), (0, 1)), "axis": "C", "axes": ("C",), "shape": (4, -1), "any": {"k": (1, 2)}}


def sample_attrs(kind) -> dict:
    """Every attribute of a kind: its default, or a sample of its type when it has none."""
    return {a.name: SAMPLES.get(a.type, 1) if a.default is REQUIRED else a.default for a in kind.attrs}


def every_kind_model() -> PivotModel:
    """One module per layer kind (one op node per tensor op), one component per training kind."""
    loc = SourceLoc("model.py", 3, 4)
    x_type = channels_last((None, 8, 8, 3))
    modules, nodes = {}, [Node("input", outputs=["x"], loc=loc)]
    for kind in registry.kinds():
        if kind.is_op:
            nodes.append(Node("call_op", kind.name, ["x", "x"], [f"v_{kind.name}"], sample_attrs(kind), loc))
        else:
            modules[kind.name] = Module(kind.name, kind.name, sample_attrs(kind), loc)
            outs = [f"v_{kind.name}_{o}" if i == 0 else "" for i, o in enumerate(kind.outputs)]
            nodes.append(Node("call_module", kind.name, ["x"], outs, loc=loc))
    nodes.append(Node("output", inputs=["x"]))
    net = Network("Everything", modules, Graph(nodes, {"x": x_type}), "functional", loc)
    components = [Component(k.name, sample_attrs(k), loc) for k in registry.kinds(training=True)]
    training = Training(optimizer=components[0], loss=components[-1], metrics=["accuracy"], epochs=2,
                        batch_size=16, callbacks=components[1:-1], validation_split=0.1, loc=loc)
    datasets = [Dataset("train", "mnist", "train", {"root": "data"}, [{"kind": "scale", "factor": 1 / 255}], loc)]
    return PivotModel({"Everything": net}, "Everything", training, datasets,
                      SourceInfo("model.py", "keras", "functional", "channels_last"))


def test_every_catalog_kind_round_trips_between_text_and_json():
    model = every_kind_model()
    assert len(model.network.modules) + sum(n.op == "call_op" for n in model.network.graph.nodes) == len(registry.kinds())
    text = dump(model)
    again = parse(text, "dumped.nn")
    assert again == model
    assert dumps(again) == dumps(model)
    assert dump(loads(dumps(again))) == text


def test_sub_networks_odd_names_and_multi_output_nodes_round_trip():
    block = Network("Block", {"0": Module("0", "linear", {"in_features": 4, "out_features": 4, "bias": True})},
                    Graph([Node("input", outputs=["x"]), Node("call_module", "0", ["x"], ["y"]),
                           Node("output", inputs=["y"])]), "sequential")
    main_modules = {"input": Module("input", "network", {"network": "Block"}),
                    "features.0": Module("features.0", "relu", {})}
    nodes = [Node("input", "image", outputs=["a b"], attrs={"name": "image"}),
             Node("call_module", "input", ["a b"], ["h", ""]),
             Node("call_module", "features.0", ["h"], ["r"]),
             Node("constant", outputs=["c"], attrs={"value": -1.5e-05}),
             Node("call_op", "add", ["r", "c"], ["s"]),
             Node("output", inputs=["s", "h"])]
    types = {"a b": channels_first((None, 4)), "h": channels_first((None, 4)), "extra": TensorType((2,), ("?0",))}
    main = Network("Main", main_modules, Graph(nodes, types), "subclassing")
    model = PivotModel({"Block": block, "Main": main}, "Main", source=SourceInfo("m.py", "torch", "subclassing"))
    assert parse(dump(model)) == model


def test_hand_written_file_needs_only_modules_and_input_type(tmp_path):
    text = """
# hand-written: no graph, no inferred attributes
network Net
  %x = input : [N=?, C=3, H=16, W=16]
  module conv = conv2d(out_channels=8, kernel_size=(3, 3), padding=((1, 1), (1, 1)))
  module act = relu()
  module flat = flatten()
  module fc = linear(out_features=10)

training
  optimizer adam(lr=0.01)
  epochs 3
dataset train = mnist() split='train'
"""
    model = parse(text, "net.nn")
    infer_shapes(model, reporter := Reporter())
    assert not reporter.diagnostics
    net = model.network
    assert [n.target for n in net.module_calls()] == ["conv", "act", "flat", "fc"]
    assert net.is_chain and net.style == "sequential"
    assert net.modules["conv"].attrs["in_channels"] == 3
    assert net.modules["fc"].attrs["in_features"] == 8 * 16 * 16
    assert net.graph.types["fc"].shape == (None, 10)
    assert net.modules["conv"].loc == SourceLoc("net.nn", 5, 2)
    assert model.training.optimizer.attrs == {"lr": 0.01} and model.training.epochs == 3
    assert model.source.framework == "nn" and model.source.layout == "channels_first"
    assert dump(parse(dump(model), "net.nn")) == dump(model)


def test_load_reads_nn_files(tmp_path):
    from nnport.api import load
    path = tmp_path / "tiny.nn"
    path.write_text("network Tiny\n  %x = input : [N=?, C=4]\n  module fc = linear(out_features=2)\n")
    assert load(path).network.modules["fc"].kind == "linear"


BAD = [
    ("network N\n  module c = conv2d(out_channels=8 kernel_size=3)", "2:35", "expected ',' or ')' (to close '(' at 2:13)"),
    ("module c = relu()", "1:0", "expected 'network NAME' before this line"),
    ("network N\n  module c = conv2dd(out_channels=8)", "2:13", "did you mean conv2d"),
    ("network N\n  module c = conv2d(filters=8, kernel_size=(3, 3))", "2:13", "unknown attribute 'filters'"),
    ("network N\n  module c = linear()", "2:13", "attribute 'out_features' is required"),
    ("network N\n  %x = input : float32[N=?, C=x]", "2:30", "expected an axis size"),
    ("network N\n  %x = input\n  %y = fc(%x)\n  output %y", "3:2", "call to unknown module 'fc'"),
    ("network N\n  %x = input\n  output %y", "3:2", "%y used before it is defined"),
    ("network N\n  %x = input\n  %y = op add(%x, %x)", "1:0", "has graph nodes but no 'output %value' line"),
    ("network N\n  module c = relu()\n  module c = relu()", "3:2", "module 'c' is defined twice"),
    ("network N\n  module c = relu() extra", "2:20", "expected the end of the statement"),
    ("network N\n  module c = relu(slope=[1, 2)", "2:29", "expected ',' or ']'"),
    ("network N\n  module a = relu()\ntraining\n  optimizer adamx()", "4:2", "expected an optimizer kind"),
    ("network N\ntraining", "1:0", "network 'N' is empty"),
    ("network N\n  %x = input $", "2:13", "unexpected character '$'"),
]


@pytest.mark.parametrize("text, place, message", BAD)
def test_errors_name_the_line_column_and_what_was_expected(text, place, message):
    with pytest.raises(NnportError) as caught:
        parse(text, "bad.nn")
    assert f"bad.nn:{place}:" in str(caught.value)
    assert message in str(caught.value)
