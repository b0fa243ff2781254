"""Out-of-scope Keras code: a clear diagnostic with file:line:col, exit 2, no output written."""
import subprocess
import sys
from pathlib import Path

import pytest

INVALID = Path(__file__).parent / "models" / "keras" / "invalid"
CASES = {
    "keras1_merge_layer.py": (9, "Merge is Keras 1 API"),
    "lambda_layer.py": (6, "Lambda layer runs arbitrary Python"),
    "third_party_layer.py": (6, "is not a Keras layer or function nnport knows"),
    "syntax_error.py": (7, "syntax error"),
}


def nnport(*args):
    return subprocess.run([sys.executable, "-m", "nnport", *args], capture_output=True, text=True)


@pytest.mark.parametrize("name", sorted(CASES))
def test_inspect_reports_and_exits_2(name):
    line, message = CASES[name]
    result = nnport("inspect", str(INVALID / name))
    assert result.returncode == 2
    assert f"{name}:{line}:" in result.stderr and message in result.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_migrate_writes_nothing(name, tmp_path):
    out = tmp_path / "out.py"
    result = nnport("migrate", str(INVALID / name), "--to", "torch", "-o", str(out))
    assert result.returncode == 2
    assert not out.exists()
