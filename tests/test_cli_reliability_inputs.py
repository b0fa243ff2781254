"""Bad input files: decoded as Python decodes source, and malformed .ipynb, .json and .nn files
reported with file:line:col and exit status 2, never a traceback; the input is never changed."""
import json

import pytest
from click.testing import CliRunner

from nnport import api
from nnport.cli import main
from nnport.errors import NnportError, Reporter
from nnport.ir.serialize import dumps, loads
from nnport.notation import parse

NET = "import torch\nfrom torch import nn\n{comment}\nmodel = nn.Sequential(nn.Linear(4, 3), nn.ReLU())\n"
# a long enough comment for charset detection: "this is a Chinese comment that explains the model"
CHINESE = "# 这是一个中文注释，说明这个模型的结构和用途。"


def inspect(path, *extra):
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["inspect", str(path), *extra])
    assert path.read_bytes() == before  # the input is never changed
    assert "Traceback" not in result.output
    return result


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- decoding ---------------------------------------------------------------------------

def test_utf8_bom_is_read(tmp_path):
    path = write(tmp_path, "bom.py", b"\xef\xbb\xbf" + NET.format(comment="# ok").encode())
    result = inspect(path)
    assert result.exit_code == 0, result.output
    assert "linear(in_features=4, out_features=3" in result.stdout


def test_coding_declaration_is_honoured(tmp_path):
    text = "# -*- coding: gbk -*-\n" + NET.format(comment=CHINESE)
    path = write(tmp_path, "declared.py", text.encode("gbk"))
    result = inspect(path)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    assert api.read_text(path).splitlines()[3] == CHINESE


def test_undeclared_legacy_encoding_is_detected_with_a_warning(tmp_path):
    path = write(tmp_path, "undeclared.py", NET.format(comment=CHINESE).encode("gbk"))
    result = inspect(path)
    assert result.exit_code == 0, result.output
    assert "linear(in_features=4, out_features=3" in result.stdout
    assert f"{path}:3:3: warning: not UTF-8 and no coding declaration: read as gb18030 (detected)" in result.stderr
    assert "# -*- coding: gb18030 -*-" in result.stderr
    reporter = Reporter()
    assert CHINESE in api.read_text(path, reporter)
    assert [d.severity for d in reporter.diagnostics] == ["warning"]


@pytest.mark.parametrize("data, where, message", [
    (NET.format(comment="# fine").encode() + b"x = 'ab\x00\xff\xfe\x81'\n", "5:9",
     "not UTF-8 text (byte 0xff: invalid start byte), no coding declaration, and no other encoding fits"),
    (b"# coding: utf-8\nimport torch\nx = 1  # caf\xe9\n", "3:13", "cannot decode as utf-8 (its coding declaration)"),
    (b"#!/usr/bin/env python\n# -*- coding: klingon -*-\nimport torch\n", "2:1",
     "coding declaration: unknown encoding: klingon"),
    (b"import torch\nx = 'a\x00'\n", "2:7", "a NUL character"),
], ids=["undecodable", "declared-but-not", "unknown-declaration", "nul"])
def test_undecodable_file_names_line_and_column(tmp_path, data, where, message):
    path = write(tmp_path, "bad.py", data)
    result = inspect(path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{path}:{where}: error: {message}" in result.stderr


def test_windows_line_endings_read_as_before(tmp_path):
    path = write(tmp_path, "crlf.py", NET.format(comment="# ok").replace("\n", "\r\n").encode())
    assert "\r" not in api.read_text(path)
    assert inspect(path).exit_code == 0


# --- notebooks --------------------------------------------------------------------------

@pytest.mark.parametrize("text, where, message", [
    ('{"cells": [\n  {"cell_type": "code", "source": "x"},\n', "3:1", "invalid JSON"),
    ('{"nbformat": 4}', "1:1", "no 'cells' list"),
    ('[1, 2]', "1:1", "no 'cells' list"),
    ('{\n "cells": {"a": 1}\n}', "2:11", "'cells' is not a list"),
    ('{"cells": [\n  {"cell_type": "code", "source": "x"},\n  7\n]}', "3:3", "cell 2 is not an object"),
    ('{"cells": [{"cell_type": "code",\n  "source": 5}]}', "2:13", "the source of cell 1 is not a string"),
    ('{"cells": [{"cell_type": "code",\n  "source": ["import torch\\n", null]}]}', "2:32",
     "item 2 of the source of cell 1 is not a string"),
])
def test_malformed_notebook(tmp_path, text, where, message):
    path = write(tmp_path, "nb.ipynb", text.encode())
    result = inspect(path)
    assert result.exit_code == 2, result.output
    assert f"{path}:{where}: error: not a Jupyter notebook (" in result.stderr
    assert message in result.stderr


# --- pivot-model JSON -------------------------------------------------------------------

NN = "network N\n  %x = input : [N=?, C=4]\n  module fc = linear(out_features=3)\n  module act = relu()\n"


@pytest.fixture
def pivot_json():
    return json.loads(dumps(parse(NN, "n.nn")))


def located(tmp_path, data) -> tuple:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data, indent=1))
    return path, path.read_text().splitlines()


def test_corrupt_json(tmp_path):
    path = write(tmp_path, "model.json", b'{"nnport": 1,\n  "main": "N",\n  "networks": [}\n')
    result = inspect(path)
    assert result.exit_code == 2
    assert f"{path}:3:16: error: not an nnport pivot model (invalid JSON: Expecting value)" in result.stderr


def test_json_of_another_kind(tmp_path):
    path = write(tmp_path, "model.json", b'["just", "a", "list"]')
    result = inspect(path)
    assert result.exit_code == 2
    assert f"{path}:1:1: error: not an nnport pivot model: the file (a model) must be an object, not an array" \
        in result.stderr


def test_wrong_format_version(tmp_path, pivot_json):
    pivot_json["nnport"] = 7
    path, _ = located(tmp_path, pivot_json)
    result = inspect(path)
    assert result.exit_code == 2 and f"{path}:2:12: error: not an nnport pivot model: format 7, expected 1" \
        in result.stderr


def test_wrong_type_deep_inside_is_located(tmp_path, pivot_json):
    pivot_json["networks"][0]["nodes"][1]["inputs"] = ["x", 5]
    path, lines = located(tmp_path, pivot_json)
    line = next(i for i, text in enumerate(lines, 1) if text.strip() == "5")
    col = lines[line - 1].index("5") + 1
    result = inspect(path)
    assert result.exit_code == 2
    assert (f"{path}:{line}:{col}: error: not an nnport pivot model: networks/0/nodes/1/inputs/1 must be a string, "
            "not an integer") in result.stderr


def test_missing_and_unknown_fields(tmp_path, pivot_json):
    del pivot_json["networks"][0]["modules"][0]["kind"]
    path, _ = located(tmp_path, pivot_json)
    result = inspect(path)
    assert result.exit_code == 2 and "a module needs the field 'kind'" in result.stderr
    pivot_json["networks"][0]["modules"][0]["kind"] = "linear"
    pivot_json["networks"][0]["extra"] = 1
    path, lines = located(tmp_path, pivot_json)
    line = next(i for i, text in enumerate(lines, 1) if '"extra"' in text)
    result = inspect(path)
    assert result.exit_code == 2 and f"{path}:{line}:" in result.stderr and "unknown field 'extra'" in result.stderr


def test_broken_graph_is_reported_at_the_node(tmp_path, pivot_json):
    pivot_json["networks"][0]["nodes"][1]["op"] = "call_modul"
    path, lines = located(tmp_path, pivot_json)
    line = next(i for i, text in enumerate(lines, 1) if "call_modul" in text) - 1  # the node's opening brace
    result = inspect(path)
    assert result.exit_code == 2
    assert f"{path}:{line}:" in result.stderr and "unknown node kind 'call_modul'" in result.stderr


def test_valid_json_still_reads(tmp_path, pivot_json):
    path, _ = located(tmp_path, pivot_json)
    assert loads(path.read_text(), str(path)) == loads(dumps(parse(NN, "n.nn")))


def test_loads_raises_a_diagnostic_not_a_value_error():
    with pytest.raises(NnportError, match=r"^m.json:1:1: error: not an nnport pivot model"):
        loads("{}", "m.json")


# --- text notation ----------------------------------------------------------------------

@pytest.mark.parametrize("text, where, message", [
    ("network N\n  module c = conv2d(\n", "3:0", "expected name=value"),
    ("nnport 1 file='a.py' colour='red'\nnetwork N\n  module r = relu()\n", "1:9", "the header takes file="),
    ("nnport 1 file=3\nnetwork N\n  module r = relu()\n", "1:9", "with string values"),
    ("network N\n  module r = relu(p=01)\n", "2:20", "cannot read this: leading zeros"),
    ("network N\n  module r = relu()\ntraining\n  epochs 'many'\n", "4:2", "epochs takes an integer"),
    ("network N\n  module r = relu()\ndataset d = mnist() transforms=5\n", "3:0", "transforms= takes a list"),
])
def test_malformed_notation(tmp_path, text, where, message):
    path = write(tmp_path, "bad.nn", text.encode())
    result = inspect(path)
    assert result.exit_code == 2, result.output
    assert f"{path}:{where}: error: " in result.stderr
    assert message in result.stderr
