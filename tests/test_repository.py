"""``nnport migrate SRC_DIR --to ... -o OUT_DIR``: the walk (.gitignore, notebooks), each file's
status, the mirrored tree, the JSON report, exit statuses, and a source folder left untouched.
Migrated files are imported and run; verification in worker processes is in
``test_repository_verify.py``, the HTML report in a browser in ``test_repository_browser.py``."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from repo_tree import EXPECTED_TO_KERAS, FILES, snapshot, write_tree

from nnport.cli import main
from nnport.repository.files import output_name
from nnport.repository.walk import walk

pytestmark = pytest.mark.usefixtures("tensorflow_variables_kept")


def migrate(*args):
    return CliRunner().invoke(main, ["migrate", *map(str, args)])


@pytest.fixture
def repo(tmp_path):
    return write_tree(tmp_path / "repo")


@pytest.fixture
def migrated(repo, tmp_path):
    out = tmp_path / "out"
    before = snapshot(repo)
    result = migrate(repo, "--to", "keras", "-o", out, "--quiet")
    report = json.loads((out / "nnport-report.json").read_text())
    return repo, out, result, report, before


def test_walk_respects_gitignore_and_skips_git(repo):
    (repo / "models" / "weights.ckpt").write_text("x")
    (repo / "nested").mkdir()
    (repo / "nested" / ".gitignore").write_text("scratch_*.py\n!scratch_keep.py\n")
    for name in ("scratch_a.py", "scratch_keep.py", "kept.py"):
        (repo / "nested" / name).write_text("")
    found = [p.as_posix() for p in walk(repo)]
    assert found == sorted(found)
    assert not any(p.startswith(("build/", ".git/")) for p in found)
    assert "nested/scratch_a.py" not in found and {"nested/scratch_keep.py", "nested/kept.py"} <= set(found)
    assert set(EXPECTED_TO_KERAS) <= set(found)


def test_notebook_output_name_does_not_clash_with_a_script():
    walked = {Path("a/nb.ipynb"), Path("a/nb.py"), Path("b/other.ipynb")}
    assert output_name(Path("a/nb.ipynb"), walked) == Path("a/nb_ipynb.py")
    assert output_name(Path("b/other.ipynb"), walked) == Path("b/other.py")
    assert output_name(Path("a/nb.py"), walked) == Path("a/nb.py")


def test_every_file_gets_its_status_and_the_exit_status_says_refused(migrated):
    _, _, result, report, _ = migrated
    assert {f["path"]: f["status"] for f in report["files"]} == EXPECTED_TO_KERAS
    assert result.exit_code == 2 and report["exit_status"] == 2
    assert "legacy/half_written.py: refused: syntax error" in result.output
    assert report["summary"] == {"refused": 1, "migrated": 3, "already in target": 1, "not a network": 3}


def test_json_entries_carry_diagnostics_timings_and_outputs(migrated):
    _, _, _, report, _ = migrated
    files = {f["path"]: f for f in report["files"]}
    assert [f["path"] for f in report["files"]] == sorted(files)
    broken = files["legacy/half_written.py"]
    assert broken["diagnostics"] == [{"severity": "error", "message": "syntax error: '(' was never closed",
                                      "file": "legacy/half_written.py", "line": 7, "col": 25}]
    assert files["notebooks/autoencoder.ipynb"]["output"] == "notebooks/autoencoder.py"
    assert files["models/classifier.py"]["model"] == "build()"
    assert files["train.py"]["reason"].startswith("no network")
    assert files["utils/settings.py"]["reason"] == "imports neither PyTorch nor Keras"
    assert all(f["timings"]["migrate_s"] >= 0 for f in report["files"])
    assert report["options"]["target"] == "keras" and report["options"]["verify"] is False


def test_tree_is_mirrored_and_only_networks_are_written(migrated):
    _, out, _, _, _ = migrated
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["models/blocks.py", "models/classifier.py", "nnport-report.html", "nnport-report.json",
                       "notebooks/autoencoder.py"]


def test_source_folder_is_untouched(migrated):
    repo, _, _, _, before = migrated
    assert snapshot(repo) == before


def test_migrated_files_run_and_compute_what_the_source_computes(migrated):
    """The migrated classifier, imported and run on the Keras side, agrees with the PyTorch source."""
    from nnport import verify

    repo, out, _, _, _ = migrated
    result = verify(repo / "models/classifier.py", out / "models/classifier.py", trials=3)
    assert result.passed, result.summary()


def test_same_tree_gives_byte_identical_outputs_apart_from_timings(repo, tmp_path):
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        migrate(repo, "--to", "keras", "-o", out, "-q")
    first, second = (json.loads((o / "nnport-report.json").read_text()) for o in outs)
    for report in (first, second):
        report.pop("output"), report.pop("timings")
        for f in report["files"]:
            f.pop("timings")
    assert first == second
    html = [(o / "nnport-report.html").read_text().replace(str(o), "OUT") for o in outs]
    assert html[0] == html[1]
    assert (outs[0] / "models/blocks.py").read_bytes() == (outs[1] / "models/blocks.py").read_bytes()


def test_exit_zero_when_everything_migrates(tmp_path):
    repo = write_tree(tmp_path / "repo", {k: v for k, v in FILES.items() if not k.startswith("legacy/")})
    result = migrate(repo, "--to", "keras", "-o", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output


def test_internal_error_on_one_file_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    from nnport import api

    repo = write_tree(tmp_path / "repo", {k: FILES[k] for k in ("models/blocks.py", "utils/settings.py")})
    real = api.migration

    def fails_on_blocks(path, *args, **kwargs):
        if Path(path).name == "blocks.py":
            raise RuntimeError("boom")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(api, "migration", fails_on_blocks)
    result = migrate(repo, "--to", "keras", "-o", tmp_path / "out", "-q")
    report = json.loads((tmp_path / "out/nnport-report.json").read_text())
    assert result.exit_code == 3
    assert report["files"][0]["status"] == "failed" and "RuntimeError: boom" in report["files"][0]["reason"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("where", ["same", "inside", "around"])
def test_output_folder_never_overlaps_the_source(repo, where):
    out = {"same": repo, "inside": repo / "migrated", "around": repo.parent}[where]
    before = snapshot(repo)
    result = migrate(repo, "--to", "keras", "-o", out)
    assert result.exit_code == 2
    assert "error:" in result.output and "source folder" in result.output
    assert snapshot(repo) == before


@pytest.mark.parametrize("name, message", [("a_file", "is not a folder"), ("a_file/sub", "cannot create the output")])
def test_output_folder_that_cannot_be_made(repo, tmp_path, name, message):
    (tmp_path / "a_file").write_text("")
    result = migrate(repo, "--to", "keras", "-o", tmp_path / name)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args, message", [
    ([], "give -o OUT_DIR"),
    (["-o", "OUT", "--model", "Net"], "--model: applies to one file"),
    (["-o", "OUT", "--train"], "add --verify"),
])
def test_folder_usage_errors(repo, tmp_path, args, message):
    args = [str(tmp_path / "o") if a == "OUT" else a for a in args]
    result = migrate(repo, "--to", "keras", *args)
    assert result.exit_code == 2 and message in result.output


def test_folder_options_on_a_file_are_a_usage_error(repo, tmp_path):
    result = migrate(repo / "models/blocks.py", "--to", "keras", "--verify")
    assert result.exit_code == 2 and "--verify: only when SOURCE is a folder" in result.output


def test_command_line_progress_and_summary(repo, tmp_path):
    """As a user runs it: a progress line per step in a log, the summary and the report's path."""
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "nnport", "migrate", str(repo), "--to", "keras", "-o", str(out)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 2
    assert "migrated 8/8" in done.stderr and "Traceback" not in done.stderr
    summary, report = done.stdout.splitlines()
    assert summary.startswith("8 files: 1 refused, 3 migrated, 1 already in target, 3 not a network (")
    assert report == f"report: {out / 'nnport-report.html'}"
    quiet = subprocess.run([sys.executable, "-m", "nnport", "migrate", str(repo), "--to", "keras", "-o",
                            str(tmp_path / "q"), "-q"], capture_output=True, text=True, timeout=300, check=False)
    assert "migrated 1/8" not in quiet.stderr and "half_written.py: refused" in quiet.stderr
