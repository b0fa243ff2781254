"""Exit statuses of every command (0 success, 1 verify diverged, 2 bad input, 3 internal error),
one line for an internal error (the traceback only with --debug), and outputs written atomically
with the mode the file had or the umask gives; the input is never changed."""
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnport.cli import main
from nnport.errors import NnportError
from nnport.output import write_atomically

pytestmark = pytest.mark.usefixtures("tensorflow_variables_kept")

NET = "import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 3), nn.ReLU())\n"
TF_VARIABLES = ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS")


@pytest.fixture
def net(tmp_path):
    path = tmp_path / "net.py"
    path.write_text(NET)
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def no_traceback(result):
    assert "Traceback" not in result.output
    return result


# --- exit statuses ----------------------------------------------------------------------

def test_every_command_documents_its_exit_statuses():
    for name in main.list_commands(None):
        text = " ".join(run(name, "--help").output.split())  # as one line, whatever the wrapping
        assert "Exit status: 0 " in text, name
        assert "2 bad input" in text and "3 internal error" in text and "130 interrupted" in text, name
        assert ("1 MIGRATED diverges" in text) == (name == "verify"), name
    top = " ".join(run("--help").output.split())
    assert "1 verify only" in top and "3 internal error" in top and "--debug" in top


def test_internal_error_is_one_line_with_file_and_phase(net, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("conv")

    monkeypatch.setattr("nnport.passes.shapes.infer_shapes", broken)
    result = no_traceback(run("inspect", net))
    assert result.exit_code == 3
    first, second = result.stderr.splitlines()
    assert first == f"nnport: internal error in {net} while inferring shapes: KeyError: 'conv'"
    assert "bug of nnport" in second and "--debug" in second


def test_debug_shows_the_traceback(net, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("generator fell over")

    monkeypatch.setattr("nnport.backends.generate", broken)
    result = run("--debug", "migrate", net, "--to", "keras")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"nnport: internal error in {net} while generating keras code: RuntimeError")
    assert "Traceback (most recent call last)" in result.stderr and "generator fell over" in result.stderr


def test_eof_error_is_an_internal_error_not_aborted(net, monkeypatch):
    def broken(*args, **kwargs):
        raise EOFError("Ran out of input")

    monkeypatch.setattr("nnport.api.migrate", broken)
    result = no_traceback(run("migrate", net, "--to", "keras"))
    assert result.exit_code == 3
    assert "Aborted" not in result.output
    assert f"internal error in {net}" in result.stderr and "EOFError: Ran out of input" in result.stderr


def test_interrupt_exits_130(net, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("nnport.api.migrate", interrupted)
    result = no_traceback(run("migrate", net, "--to", "keras"))
    assert result.exit_code == 130 and "interrupted" in result.stderr


def test_verify_crash_is_3_bad_input_is_2(net, monkeypatch):
    seen = {}

    def crashes(*args, **kwargs):
        seen.update({name: os.environ.get(name) for name in TF_VARIABLES})
        raise ValueError("shapes (2, 3) and (4,) not aligned")

    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")  # the user's own choice stays
    monkeypatch.setattr("nnport.verify.files.verify", crashes)
    result = no_traceback(run("verify", net, net, "--trials", "1"))
    assert result.exit_code == 3
    assert "while verifying: ValueError: shapes (2, 3) and (4,) not aligned" in result.stderr
    assert seen == {"TF_CPP_MIN_LOG_LEVEL": "1", "TF_ENABLE_ONEDNN_OPTS": "0"}

    def refuses(*args, **kwargs):
        raise NnportError("running the file failed: boom")

    monkeypatch.setattr("nnport.verify.files.verify", refuses)
    result = no_traceback(run("verify", net, net, "--trials", "1"))
    assert result.exit_code == 2 and "error: running the file failed: boom" in result.stderr


@pytest.mark.parametrize("shape", ["None,-4", "None,0", "None,four", "0,4"])
@pytest.mark.parametrize("command", ["migrate", "verify"])
def test_input_shape_must_be_positive(net, command, shape):
    args = ["migrate", net, "--to", "keras"] if command == "migrate" else ["verify", net, net]
    result = no_traceback(run(*args, "--input-shape", shape))
    assert result.exit_code == 2
    assert "Invalid value for '--input-shape'" in result.output and "positive integer" in result.output


def test_empty_weight_file_is_a_diagnostic_not_aborted(net, tmp_path, monkeypatch):
    monkeypatch.delenv("TF_ENABLE_ONEDNN_OPTS", raising=False)
    empty = tmp_path / "empty.pt"
    empty.touch()
    result = no_traceback(run("weights", net, empty, "--to", "keras", "-o", tmp_path / "out.weights.h5",
                              "--input-shape", "None,4"))
    assert result.exit_code == 2
    assert "Aborted" not in result.output
    assert f"{empty}:0:0: error: the file is empty" in result.stderr
    assert not (tmp_path / "out.weights.h5").exists()
    assert os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0"  # set before anything could import TensorFlow


def test_closed_output_pipe_exits_141_quietly():
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    try:
        done = subprocess.run([sys.executable, "-m", "nnport", "layers"], stdout=write, stderr=subprocess.PIPE,
                              text=True, timeout=120, check=False)
    finally:
        os.close(write)
    assert done.returncode == 141
    assert done.stderr == ""


# --- output files -----------------------------------------------------------------------

def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_new_output_gets_the_umask_mode(net, tmp_path):
    out = tmp_path / "out.py"
    old = os.umask(0o027)
    try:
        result = run("migrate", net, "--to", "keras", "-o", out)
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o640
    assert "keras" in out.read_text()


def test_replaced_output_keeps_its_mode(net, tmp_path):
    out = tmp_path / "out.py"
    out.write_text("old\n")
    out.chmod(0o604)
    assert run("migrate", net, "--to", "keras", "-o", out).exit_code == 0
    assert mode(out) == 0o604 and "keras" in out.read_text()
    assert leftovers(tmp_path) == []


def test_output_through_a_link_replaces_the_target(net, tmp_path):
    target, link = tmp_path / "real.py", tmp_path / "link.py"
    target.write_text("old\n")
    link.symlink_to(target)
    assert run("migrate", net, "--to", "keras", "-o", link).exit_code == 0
    assert link.is_symlink() and "keras" in target.read_text()


@pytest.mark.parametrize("output, message", [
    ("/proc/version", "cannot create a file in /proc"),
    ("/dev/null", "is not a regular file"),
])
def test_unwritable_output_is_a_diagnostic(net, output, message):
    if not Path(output).exists():
        pytest.skip(f"no {output} here")
    before = Path(output).read_bytes() if output.startswith("/proc") else None
    result = no_traceback(run("migrate", net, "--to", "keras", "-o", output))
    assert result.exit_code == 2
    assert f"{output}:0:0: error: " in result.stderr and message in result.stderr
    if before is not None:
        assert Path(output).read_bytes() == before
    assert net.read_text() == NET


def test_unwritable_folder_is_a_diagnostic(net, tmp_path):
    if os.geteuid() == 0:  # root writes anywhere a mode allows nothing; sysfs refuses even root
        folder = Path("/sys")
        if not folder.is_dir():
            pytest.skip("no /sys here")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
    result = no_traceback(run("migrate", net, "--to", "keras", "-o", folder / "out.py"))
    assert result.exit_code == 2
    assert f"cannot create a file in {folder}: Permission denied" in result.stderr
    assert not (folder / "out.py").exists()


def test_output_that_is_a_folder_or_under_a_file(net, tmp_path):
    result = no_traceback(run("migrate", net, "--to", "keras", "-o", tmp_path))
    assert result.exit_code == 2 and "error: is a folder; name a file to write" in result.output
    with pytest.raises(NnportError, match="is a folder"):
        write_atomically(tmp_path, "x")
    result = no_traceback(run("migrate", net, "--to", "keras", "-o", net / "sub" / "out.py"))
    assert result.exit_code == 2 and f"{net} is not a folder" in result.stderr
    assert net.read_text() == NET


def test_output_over_the_input_is_refused(net):
    result = no_traceback(run("migrate", net, "--to", "keras", "-o", net))
    assert result.exit_code == 2 and "refusing to write the output over the input" in result.stderr
    assert net.read_text() == NET


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    out = tmp_path / "out.py"
    out.write_text("old\n")

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(NnportError, match=r"out.py:0:0: error: cannot write: No space left on device"):
        write_atomically(out, "new\n")
    assert out.read_text() == "old\n"
    assert leftovers(tmp_path) == []
