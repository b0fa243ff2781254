"""Out-of-scope PyTorch code: the right diagnostic with file:line:col, exit status 2, no output."""
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnport.cli import main

INVALID = Path(__file__).parent / "models" / "torch" / "invalid"

CASES = {
    "data_dependent_if.py": ("12:9", "data-dependent control flow"),
    "custom_autograd.py": ("21:24", "custom autograd Function"),
    "third_party_layer.py": ("8:21", "fancylayers.SuperConv comes from a third-party library"),
    "syntax_error.py": ("7:28", "syntax error"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_invalid_file_is_reported_with_location(name):
    where, message = CASES[name]
    result = CliRunner().invoke(main, ["inspect", str(INVALID / name)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{INVALID / name}:{where}: error: " in result.stderr
    assert message in result.stderr


def test_undeclared_legacy_encoding_is_read_with_a_warning():
    """A Latin-1 comment and no coding declaration: read in the detected encoding, said where."""
    result = CliRunner().invoke(main, ["inspect", str(INVALID / "non_utf8.py")])
    assert result.exit_code == 0, result.output
    assert "module 0 = linear(" in result.stdout
    assert f"{INVALID / 'non_utf8.py'}:2:6: warning: not UTF-8 and no coding declaration: read as " in result.stderr


def test_reading_imports_no_framework():
    code = ("import sys; from nnport.api import load; from nnport.passes.shapes import infer_shapes; "
            "from nnport.errors import Reporter; r = Reporter(); "
            f"m = load({str(INVALID.parent / 'resnet_basic.py')!r}, reporter=r); infer_shapes(m, r); "
            "print(sorted(k for k in ('torch', 'tensorflow', 'keras') if k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
