"""``nnport migrate SRC_DIR --verify``: each migrated file verified in a long-lived worker (the
frameworks imported once); a file that kills its worker or runs past --timeout is reported as
unverified and the run goes on; a divergence gives exit status 1."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from repo_tree import BLOCKS, FILES, snapshot, write_tree

from nnport.cli import main
from nnport.options import WriteOptions
from nnport.repository.files import DIVERGED, Entry
from nnport.repository.run import Run, Settings
from nnport.repository.verdicts import settle
from nnport.verify.result import VerifyResult

pytest.importorskip("torch")
pytest.importorskip("keras")
pytestmark = pytest.mark.usefixtures("tensorflow_variables_kept")

MODELS = Path(__file__).parent / "models"

# a class attribute computed by native code that, here, takes the process down
CRASHING = '''import ctypes

import torch
from torch import nn


def native_scale():
    return ctypes.c_float.from_address(0).value  # reads address 0: the process dies of SIGSEGV


class Net(nn.Module):
    scale = native_scale()

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(8, 16)
        self.out = nn.Linear(16, 2)

    def forward(self, x):
        return self.out(torch.relu(self.fc(x)))


model = Net()
'''

SLOW = CRASHING.replace("import ctypes\n", "import time\n").replace(
    "    return ctypes.c_float.from_address(0).value  # reads address 0: the process dies of SIGSEGV\n",
    "    time.sleep(3600)\n    return 1.0\n")


def _verified(tmp_path, files: dict, *flags: str) -> tuple:
    repo = write_tree(tmp_path / "repo", files)
    before = snapshot(repo)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["migrate", str(repo), "--to", "keras", "-o", str(out), "--verify", "-q",
                                       *flags])
    assert snapshot(repo) == before
    report = json.loads((out / "nnport-report.json").read_text())
    return result, report, {f["path"]: f for f in report["files"]}, (out / "nnport-report.html").read_text()


@pytest.mark.slow
def test_verify_in_workers_survives_a_crash(tmp_path):
    result, report, files, html = _verified(tmp_path, {
        "models/blocks.py": BLOCKS, "models/crashing.py": CRASHING,
        "models/lenet.py": (MODELS / "torch/lenet_sequential.py").read_text()}, "--train", "-j", "1", "--trials", "5")
    assert {p: f["status"] for p, f in files.items()} == {
        "models/blocks.py": "verified", "models/crashing.py": "unverified", "models/lenet.py": "verified"}, result.output
    assert result.exit_code == 2 and report["exit_status"] == 2
    blocks = files["models/blocks.py"]["verify"]
    assert len(blocks["trials"]) == 5 and blocks["mad"] <= 1e-5 and blocks["first_diverging"] is None
    assert blocks["training"] == {"absent": True}  # no training code in the file: nothing to compare
    lenet = files["models/lenet.py"]["verify"]["training"]
    assert lenet["passed"] and len(lenet["steps"]) == 5
    assert "killed by SIGSEGV" in files["models/crashing.py"]["reason"]  # the next file had a new worker
    assert all(f["timings"]["verify_s"] > 0 for f in files.values())
    assert html.count('src="data:image/png;base64,') == 2  # verify's box plot of each verified file
    assert html.count("Max abs difference per layer") == 2
    assert html.count("no training code read: nothing to compare") == 1


@pytest.mark.slow
def test_a_file_past_the_timeout_is_stopped(tmp_path):
    result, _, files, _ = _verified(tmp_path, {"models/slow.py": SLOW}, "--timeout", "5")
    assert files["models/slow.py"]["status"] == "unverified" and result.exit_code == 2
    assert "took longer than 5 s" in files["models/slow.py"]["reason"]
    assert files["models/slow.py"]["timings"]["verify_s"] < 60


def test_a_divergence_names_the_first_layer_and_exits_1(tmp_path):
    """What a worker answers for a migration whose outputs differ, as the run records it."""
    found = VerifyResult([3e-4, 2e-3], 1e-5, per_layer={"features.0": 2e-7, "fc": 2e-3}, first_diverging="fc")
    entry = Entry("models/blocks.py", status="migrated", output="models/blocks.py")
    settle(entry, {"forward": {**found.to_dict(), "plot": ""}}, 1.5, tmp_path, tmp_path / "out")
    assert entry.status == DIVERGED
    assert entry.reason == "max abs difference 0.002 > 1e-05; first diverging layer: fc"
    assert entry.verify["first_diverging"] == "fc" and entry.timings["verify_s"] == 1.5
    run = Run(tmp_path, tmp_path / "out", Settings(WriteOptions(target="keras")), [entry])
    assert run.exit_status == 1


def test_worker_answers_verify_refusals_with_their_place(tmp_path):
    """A file verify cannot build is unverified, its diagnostics pointing into the source pane."""
    entry = Entry("m.py", status="migrated", output="m.py")
    refused = [{"severity": "error", "message": "needs data", "file": str(tmp_path / "m.py"), "line": 3, "col": 0}]
    settle(entry, {"refused": refused}, 0.1, tmp_path, tmp_path / "out")
    assert entry.status == "unverified" and entry.reason == "needs data"
    assert entry.diagnostics == [{"severity": "error", "message": "needs data", "file": "m.py", "line": 3, "col": 0,
                                  "pane": "source", "phase": "verify"}]


@pytest.mark.slow
def test_figures_do_not_depend_on_how_files_are_shared_among_workers(tmp_path):
    """One worker verifying every file, or two sharing them: the same MADs, the same page."""
    repo = write_tree(tmp_path / "repo", {name: FILES[name] for name in (
        "models/blocks.py", "models/classifier.py", "notebooks/autoencoder.ipynb")})
    reports = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = CliRunner().invoke(main, ["migrate", str(repo), "--to", "keras", "-o", str(out), "--verify",
                                           "-j", jobs, "--trials", "3", "-q"])
        assert result.exit_code == 0, result.output
        report = json.loads((out / "nnport-report.json").read_text())
        reports.append(([(f["path"], f["status"], f["verify"]) for f in report["files"]],
                        (out / "nnport-report.html").read_text().replace(str(out), "OUT")))
    assert reports[0] == reports[1]
