"""Weight files that are not what their name says: a diagnostic naming the file, exit status 2,
before any code runs; never a traceback, never a pickle executed, no output written."""
import os
import pickle
import subprocess
import sys

import pytest
from click.testing import CliRunner

from nnport.cli import main

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.usefixtures("tensorflow_variables_kept")

TORCH_NET = "import torch\nfrom torch import nn\n\nmodel = nn.Sequential(nn.Linear(4, 3), nn.ReLU())\nmodel(torch.zeros(1, 4))\n"
KERAS_NET = ("import keras\nfrom keras import layers\n\n"
             "model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)])\n")


class RunsCode:
    """A pickle that would create a file if anything unpickled it without weights_only."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def torch_weights(tmp_path) -> bytes:
    torch.manual_seed(0)
    path = tmp_path / "good.pt"
    torch.save(torch.nn.Sequential(torch.nn.Linear(4, 3)).state_dict(), path)
    return path.read_bytes()


def convert(tmp_path, source_text, weights_name, data: bytes, target, output):
    source = tmp_path / "net.py"
    source.write_text(source_text)
    weights = tmp_path / weights_name
    weights.write_bytes(data)
    result = CliRunner().invoke(main, ["weights", str(source), str(weights), "--to", target, "-o",
                                       str(tmp_path / output)])
    assert weights.read_bytes() == data and source.read_text() == source_text  # inputs unchanged
    assert not (tmp_path / output).exists()
    assert "Traceback" not in result.output and "Aborted" not in result.output
    assert result.exit_code == 2, result.output
    assert f"{weights}:0:0: error: " in result.stderr
    return result.stderr


@pytest.mark.parametrize("name, data, message", [
    ("empty.pt", b"", "the file is empty"),
    ("random.pt", bytes(range(7, 250)) * 3, "not a PyTorch state_dict that loads without running code"),
    ("corrupt.safetensors", b"\xff" * 64, "not a readable safetensors weight file"),
    ("model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 40, "a keras weight file cannot load into a torch model"),
])
def test_unreadable_torch_weights(tmp_path, name, data, message):
    assert message in convert(tmp_path, TORCH_NET, name, data, "keras", "out.weights.h5")


def test_truncated_torch_zip(tmp_path):
    data = torch_weights(tmp_path)
    stderr = convert(tmp_path, TORCH_NET, "cut.pt", data[: len(data) // 2], "keras", "out.weights.h5")
    assert "not a readable PyTorch weight file: RuntimeError: PytorchStreamReader failed" in stderr


def test_pickle_payload_is_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    stderr = convert(tmp_path, TORCH_NET, "evil.pt", pickle.dumps({"weight": RunsCode(marker)}), "keras",
                     "out.weights.h5")
    assert "torch.load with weights_only=True refused it" in stderr
    assert not marker.exists()


def test_whole_pickled_module_says_to_save_the_state_dict(tmp_path):
    path = tmp_path / "whole.pt"
    torch.save(torch.nn.Sequential(torch.nn.Linear(4, 3)), path)
    stderr = convert(tmp_path, TORCH_NET, "whole.pt", path.read_bytes(), "keras", "out.weights.h5")
    assert "Unsupported global" in stderr and "save model.state_dict() with torch.save" in stderr


def test_keras_weights_of_the_wrong_kind(tmp_path):
    h5py = pytest.importorskip("h5py")
    good = tmp_path / "made.weights.h5"
    with h5py.File(good, "w") as f:
        f.create_dataset("kernel", data=[[1.0] * 3] * 4)
    data = good.read_bytes()
    truncated = convert(tmp_path, KERAS_NET, "cut.weights.h5", data[: len(data) // 2], "torch", "out.pt")
    assert "not a readable HDF5 file" in truncated and "truncated file" in truncated
    assert "the file is empty" in convert(tmp_path, KERAS_NET, "empty.weights.h5", b"", "torch", "out.pt")
    assert "not a readable Keras archive" in convert(tmp_path, KERAS_NET, "m.keras", b"PK\3\4 cut", "torch", "out.pt")
    wrong = convert(tmp_path, KERAS_NET, "net.pt", torch_weights(tmp_path), "torch", "out.pt")
    assert "a torch weight file cannot load into a keras model" in wrong


@pytest.mark.slow
def test_tensorflow_start_up_noise_is_silenced():
    """What verify and weights set before TensorFlow loads leaves its start-up silent (a fresh process)."""
    pytest.importorskip("tensorflow")
    env = {k: v for k, v in os.environ.items() if k not in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS")}
    code = "from nnport.weights.frameworks import quiet_tensorflow; quiet_tensorflow(); import tensorflow"
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
