"""`nnport export`: text, JSON, PlantUML structure, B-UML script, and .nn files migrated and run."""
import re
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from nnport.api import migrate
from nnport.cli import main
from nnport.ir.serialize import loads
from nnport.ir.text import dump
from nnport.notation import parse
from nnport.options import WriteOptions

NET = """
network Residual
  %x = input : [N=?, C=3, H=8, W=8]
  module stem = conv2d(out_channels=4, kernel_size=(3, 3), padding=((1, 1), (1, 1)))
  module act = relu()
  module conv = conv2d(out_channels=4, kernel_size=(3, 3), padding=((1, 1), (1, 1)))
  module flat = flatten()
  module fc = linear(out_features=5)
  %s = stem(%x)
  %h = act(%s)
  %c = conv(%h)
  %sum = op add(%c, %h)
  %f = flat(%sum)
  %y = fc(%f)
  output %y
training
  optimizer adam(lr=0.001)
  loss cross_entropy()
  metrics ['accuracy']
  epochs 1
  batch_size 4
"""


@pytest.fixture
def net_file(tmp_path):
    path = tmp_path / "residual.nn"
    path.write_text(NET)
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_text_and_json_exports_read_back_to_the_same_model(net_file, tmp_path):
    text = run("export", net_file, "--format", "text")
    as_json = run("export", net_file, "--format", "json", "-o", tmp_path / "net.json")
    assert text.exit_code == 0 and as_json.exit_code == 0, text.output + as_json.output
    from_json = loads((tmp_path / "net.json").read_text())
    # read from notation, locations are the notation's own lines, which its dump leaves out
    assert dump(parse(text.output, str(net_file))) == dump(from_json) == text.output
    assert "%sum = op add(%c, %h) : float32[N=?, C=4, H=8, W=8]" in text.output


def plantuml_structure(text: str) -> dict:
    """A small PlantUML reader: classes with stereotypes and attribute lines, and the arrows."""
    lines = text.strip().splitlines()
    assert lines[0] == "@startuml" and lines[-1] == "@enduml"
    classes, arrows, current = {}, [], None
    for line in lines[1:-1]:
        if m := re.match(r'class "([^"]+)" as (\w+) <<(\w+)>> \{$', line):
            current = classes[m[2]] = {"label": m[1], "stereotype": m[3], "attributes": []}
        elif line == "}":
            current = None
        elif current is not None:
            current["attributes"].append(line.strip())
        elif m := re.match(r'(\w+) (\*--|-->|\.\.>) (?:"1" )?(\w+) : (.+)$', line):
            assert m[1] in classes, f"arrow from undeclared {m[1]}"
            arrows.append((m[1], m[2], m[3], m[4]))
    for source, _, target, _ in arrows:
        assert target in classes, f"arrow to undeclared {target}"
    return {"classes": classes, "arrows": arrows}


def test_plantuml_has_network_parts_training_and_behaviour(net_file):
    result = run("export", net_file, "--format", "plantuml", "--behaviour", "Camera.classify")
    assert result.exit_code == 0, result.output
    uml = plantuml_structure(result.output)
    classes, arrows = uml["classes"], uml["arrows"]
    assert classes["Residual"]["stereotype"] == "network"
    parts = {(a[2], a[3]) for a in arrows if a[0] == "Residual" and a[1] == "*--"}
    assert parts == {(f"Residual__{m}", m) for m in ("stem", "act", "conv", "flat", "fc")}
    assert "{field} out_channels : int = 4" in classes["Residual__stem"]["attributes"]
    assert "output y : float32[N=?, C=5]" in classes["Residual__fc"]["attributes"]
    assert classes["Residual__training"]["stereotype"] == "training"
    assert ("Residual__training", "-->", "Residual", "trains") in arrows
    assert classes["Camera"]["attributes"] == ["+ classify(x : float32[N=?, C=3, H=8, W=8]) : float32[N=?, C=5]"]
    assert ("Camera", "..>", "Residual", "classify() <<implemented by>>") in arrows


def test_plantuml_sub_networks_are_composed_classes(tmp_path):
    path = tmp_path / "nested.nn"
    path.write_text("network Block\n  %x = input : [N=?, C=4]\n  module fc = linear(out_features=4)\n"
                    "main network Net\n  %x = input : [N=?, C=4]\n  module first = network(network='Block')\n"
                    "  module second = network(network='Block')\n")
    uml = plantuml_structure(run("export", path, "--format", "plantuml").output)
    assert ("Net", "*--", "Block", "first") in uml["arrows"] and ("Net", "*--", "Block", "second") in uml["arrows"]
    assert uml["classes"]["Block"]["stereotype"] == "network"


def test_buml_script_runs_and_builds_the_network(net_file):
    pytest.importorskip("besser")
    result = run("export", net_file, "--format", "buml", "--behaviour", "Camera.classify")
    assert result.exit_code == 0, result.output
    namespace = {}
    exec(compile(result.output, "buml.py", "exec"), namespace)
    assert [m.name for m in namespace["nn_model"].modules] == ["stem", "act", "conv", "sum", "flat", "fc"]
    assert namespace["system_class"].name == "Camera"


def test_buml_without_besser_says_how_to_install(net_file, monkeypatch):
    for name in ["besser", *(m for m in list(sys.modules) if m.startswith("besser."))]:
        monkeypatch.setitem(sys.modules, name, None)
    for name in [m for m in sys.modules if m.startswith("nnport.export.buml")]:
        monkeypatch.delitem(sys.modules, name)
    result = run("export", net_file, "--format", "buml")
    assert result.exit_code == 2
    assert "pip install 'nnport[besser]'" in result.output


def test_buml_refusal_is_a_clear_error(tmp_path):
    pytest.importorskip("besser")
    path = tmp_path / "odd.nn"
    path.write_text("network N\n  %x = input : [N=?, C=2, H=6, W=6]\n  module p = max_pool2d(kernel_size=(2, 2), ceil_mode=True)\n")
    result = run("export", path, "--format", "buml")
    assert result.exit_code == 2 and "B-UML only states ceil_mode=False" in result.output


def test_bad_notation_exits_2_with_the_place(tmp_path):
    path = tmp_path / "bad.nn"
    path.write_text("network N\n  module c = conv2d(out_channels=)\n")
    result = run("export", path)
    assert result.exit_code == 2 and f"{path}:2:33:" in result.output


@pytest.mark.parametrize("target", ["torch", "keras"])
def test_nn_file_migrates_and_the_generated_network_runs(net_file, target):
    code = migrate(net_file, WriteOptions(target=target, only_model=True))
    namespace = {}
    exec(compile(code, f"residual_{target}.py", "exec"), namespace)
    batch = np.random.default_rng(0).standard_normal((2, 3, 8, 8)).astype("float32")
    if target == "torch":
        import torch
        out = namespace["Residual"]().eval()(torch.from_numpy(batch)).detach().numpy()
    else:
        out = np.asarray(namespace["Residual"]()(batch, training=False))
    assert out.shape == (2, 5) and np.isfinite(out).all()
