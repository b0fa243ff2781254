"""forward code the PyTorch frontend reads besides module calls: run-mode branches, functional
dropout, (values, indices) results, batch-kept reshapes, time-major inputs, typing no-ops.
Shapes are compared with what torch computes; the migrated Keras code is run and compared."""
import pytest
import torch

from backend_ir import migrate_and_verify
from nnport.api import load
from nnport.errors import Reporter
from nnport.passes.shapes import infer_shapes

HEAD = "import typing\nimport torch\nfrom torch import nn\nimport torch.nn.functional as F\n\n\n"


def net(forward: str, init: str = "self.fc = nn.Linear(6, 4)", shape: str = "2, 6") -> str:
    body = "".join(f"        {line}\n" for line in forward.strip().splitlines())
    return (HEAD + "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            f"        {init}\n\n    def forward(self, x):\n{body}\n\nmodel = Net()\nmodel(torch.zeros({shape}))\n")


def read(source: str, tmp_path):
    path = tmp_path / "model.py"
    path.write_text(source)
    reporter = Reporter()
    model = load(path, reporter=reporter)
    infer_shapes(model, reporter, specialise=False)  # the kinds as read
    return model, reporter


def ops(model):
    return [n.target for n in model.network.graph.nodes if n.op == "call_op"]


def output_types(model):
    graph = model.network.graph
    return [graph.types[v] for v in graph.output.inputs]


def real_shapes(source: str, shape: tuple):
    namespace: dict = {}
    exec(compile(source, "model.py", "exec"), namespace)
    module = namespace["model"].eval()
    with torch.no_grad():
        out = module(torch.randn(*shape))
    return [tuple(o.shape) for o in (out if isinstance(out, tuple) else (out,))]


def test_if_training_reads_the_eval_branch_and_names_the_training_lines(tmp_path):
    source = net("if self.training:\n    x = x + 0.1 * torch.randn_like(x)\nx = self.fc(x)\n"
                 "if not self.training:\n    x = F.softmax(x, dim=1)\nreturn x")
    model, reporter = read(source, tmp_path)
    assert not reporter.errors and ops(model) == ["softmax"]
    warning = next(d for d in reporter.diagnostics if "training-mode branch" in d.message)
    assert (warning.loc.line, warning.loc.col) == (13, 9) and "(line 14)" in warning.message
    code, result = migrate_and_verify(source, tmp_path, "keras", trials=1)
    assert result.passed and "softmax" in code


def test_run_mode_conditional_expression_reads_the_eval_operand(tmp_path):
    source = net("x = self.fc(x)\nx = x + 0.1 * torch.randn_like(x) if self.training else F.softmax(x, dim=1)\n"
                 "return x * 2.0 if not self.training else x")
    model, reporter = read(source, tmp_path)
    assert not reporter.errors and ops(model) == ["softmax", "mul"]
    warnings = [d for d in reporter.diagnostics if "training-mode operand" in d.message]
    assert [(w.loc.line, w.loc.col) for w in warnings] == [(14, 13), (15, 16)]
    assert "`x + 0.1 * torch.randn_like(x)`" in warnings[0].message
    code, result = migrate_and_verify(source, tmp_path, "keras", trials=1)
    assert result.passed and "softmax" in code


@pytest.mark.parametrize("call, warns", [("F.dropout(x, p=0.3, training=self.training)", False),
                                         ("F.dropout(x, 0.3, self.training)", False),
                                         ("F.dropout(x, 0.3)", True)])
def test_functional_dropout_follows_the_module_mode(call, warns, tmp_path):
    source = net(f"x = {call}\nreturn self.fc(x)")
    model, reporter = read(source, tmp_path)
    node = next(n for n in model.network.graph.nodes if n.target == "dropout")
    assert not reporter.errors and node.attrs == {"p": 0.3}
    assert any("also applies in eval mode" in d.message for d in reporter.diagnostics) == warns
    if not warns:  # PyTorch's F.dropout(x, p) drops in eval mode too: the warned difference
        code, result = migrate_and_verify(source, tmp_path, "keras", trials=1)
        assert result.passed and "layers.Dropout(0.3)" in code


def test_functional_dropout_with_another_mode_is_reported(tmp_path):
    _, reporter = read(net("return self.fc(F.dropout(x, 0.3, training=False))"), tmp_path)
    assert "argument 'training'=False has no translation" in reporter.errors[0].message


@pytest.mark.parametrize("forward, kinds", [
    ("values, indices = x.max(dim=1)\nreturn values, indices", ["max", "argmax"]),
    ("return torch.max(x, 1)[0]", ["max"]),
    ("return x.min(dim=1, keepdim=True).values", ["min"]),
    ("return torch.max(x, dim=1).indices", ["argmax"]),
    ("return x.max()", ["max"]),
])
def test_max_with_dim_gives_values_and_indices(forward, kinds, tmp_path):
    source = net(forward, init="pass", shape="2, 3, 5")
    model, reporter = read(source, tmp_path)
    assert not reporter.errors and ops(model) == kinds
    assert [tuple(2 if s is None else s for s in t.shape) for t in output_types(model)] == \
        real_shapes(source, (2, 3, 5))


def test_indices_migrate_to_keras_argmax(tmp_path):
    source = net("values, indices = torch.max(self.fc(x), 1)\nreturn values, indices")
    code, result = migrate_and_verify(source, tmp_path, "keras", trials=1)
    assert result.passed and "ops.argmax" in code and "ops.max" in code


def test_reshape_keeping_the_batch_is_a_flatten_and_sized(tmp_path):
    model, reporter = read(net("return x.view(x.size(0), -1)", init="pass", shape="2, 3, 4"), tmp_path)
    assert not reporter.errors and ops(model) == ["flatten"] and output_types(model)[0].shape == (None, 12)
    source = net("return x.reshape(x.shape[0], 4, -1)", init="pass", shape="2, 3, 4")
    model, reporter = read(source, tmp_path)
    t = output_types(model)[0]
    assert ops(model) == ["reshape"] and t.shape == (None, 4, 3) and t.roles[0] == "N"
    assert [(2, *t.shape[1:])] == real_shapes(source, (2, 3, 4))


def test_time_major_recurrent_input_has_time_first(tmp_path):
    model, _ = read(net("out, _ = self.lstm(x)\nreturn out", init="self.lstm = nn.LSTM(4, 5)",
                        shape="7, 2, 4"), tmp_path)
    graph = model.network.graph
    t = graph.types[graph.inputs[0].outputs[0]]
    assert (t.shape, t.roles) == ((7, None, 4), ("T", "N", "C"))
    assert output_types(model)[0].roles == ("T", "N", "C")


def test_typing_no_ops_are_the_identity(tmp_path):
    init = "self.fc = nn.Linear(6, typing.cast(int, 4))"
    forward = "y = typing.cast(torch.Tensor, self.fc(x))\nreturn torch.jit.annotate(torch.Tensor, y)"
    model, reporter = read(net(forward, init=init), tmp_path)
    assert not reporter.errors and ops(model) == [] and output_types(model)[0].shape == (None, 4)


def test_sequential_subclass_is_a_chain_of_its_init_layers(tmp_path):
    source = (HEAD + "class Head(nn.Sequential):\n    def __init__(self, width=8):\n"
              "        super().__init__(nn.Linear(6, width), nn.ReLU(), nn.Linear(width, 3))\n\n\n"
              "model = Head(width=5)\nmodel(torch.zeros(2, 6))\n")
    model, reporter = read(source, tmp_path)
    net = model.network
    assert not reporter.errors and net.style == "sequential" and list(net.modules) == ["0", "1", "2"]
    assert net.modules["2"].attrs["in_features"] == 5 and output_types(model)[0].shape == (None, 3)
    code, result = migrate_and_verify(source, tmp_path, "keras", trials=1)
    assert result.passed


def test_lambda_given_to_a_module_is_traced_where_it_is_called(tmp_path):
    source = (HEAD + "class Lambda(nn.Module):\n    def __init__(self, fn):\n        super().__init__()\n"
              "        self.fn = fn\n\n    def forward(self, x):\n        return self.fn(x)\n\n\n"
              "class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
              "        self.conv = nn.Conv2d(3, 4, 3)\n        self.pool = Lambda(lambda x: torch.amax(x, (2, 3)))\n\n"
              "    def forward(self, x):\n        return self.pool(self.conv(x))\n\n\n"
              "model = Net()\nmodel(torch.zeros(2, 3, 6, 6))\n")
    model, reporter = read(source, tmp_path)
    assert not reporter.errors and output_types(model)[0].shape == (None, 4)
    assert [n.target for n in model.networks["Lambda"].graph.nodes if n.op == "call_op"] == ["max"]
    code, result = migrate_and_verify(source, tmp_path, "keras", trials=1)
    assert result.passed
