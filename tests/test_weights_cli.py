"""`nnport weights`: a trained source's weight file converted for its migration, both ways."""
import importlib.util

import numpy as np
import pytest
from click.testing import CliRunner

from nnport import api
from nnport.cli import main
from nnport.options import WriteOptions

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

TORCH_NET = '''
import torch
from torch import nn

model = nn.Sequential(
    nn.Conv2d(3, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(4 * 4 * 4, 3),
)
model(torch.zeros(1, 3, 8, 8))
'''

KERAS_NET = '''
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(8, activation="relu"),
    layers.BatchNormalization(),
    layers.Dense(2),
])
'''


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def migrated_model(source, target, tmp_path):
    path = tmp_path / f"migrated_{target}.py"
    path.write_text(api.migrate(source, WriteOptions(target=target, only_model=True)))
    return load(path, f"migrated_{target}").Model()  # the backend names a module-level Sequential "Model"


def test_torch_state_dict_to_keras_weights(tmp_path):
    source = tmp_path / "net.py"
    source.write_text(TORCH_NET)
    net = load(source, "torch_net").model
    with torch.no_grad():
        for tensor in net.state_dict().values():
            if tensor.dtype.is_floating_point:
                tensor.copy_(torch.rand(tensor.shape) * 0.5 + 0.1)
    torch.save(net.state_dict(), tmp_path / "net.pt")
    out = tmp_path / "net.weights.h5"
    result = CliRunner().invoke(main, ["weights", str(source), str(tmp_path / "net.pt"), "--to", "keras",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and out.exists()

    target = migrated_model(source, "keras", tmp_path)
    x = np.random.default_rng(0).random((2, 3, 8, 8), dtype=np.float32)
    target(x)
    target.load_weights(str(out))
    net.eval()
    with torch.no_grad():
        expected = net(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(keras.ops.convert_to_numpy(target(x, training=False)), expected, rtol=1e-5, atol=1e-5)


def test_keras_weights_to_torch_safetensors(tmp_path):
    source = tmp_path / "knet.py"
    source.write_text(KERAS_NET)
    net = load(source, "keras_net").model
    rng = np.random.default_rng(1)
    net.set_weights([rng.random(w.shape).astype(np.float32) + 0.1 for w in net.get_weights()])
    net.save_weights(str(tmp_path / "knet.weights.h5"))
    out = tmp_path / "knet.safetensors"
    result = CliRunner().invoke(main, ["weights", str(source), str(tmp_path / "knet.weights.h5"), "--to", "torch",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output

    from safetensors.torch import load_file

    target = migrated_model(source, "torch", tmp_path)
    target.eval()
    target(torch.zeros(1, 10))
    target.load_state_dict(load_file(str(out)))
    x = rng.random((3, 10), dtype=np.float32)
    with torch.no_grad():
        got = target(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(got, keras.ops.convert_to_numpy(net(x, training=False)), rtol=1e-5, atol=1e-5)


def test_wrong_target_framework_and_file_type_exit_2(tmp_path):
    source = tmp_path / "net.py"
    source.write_text(TORCH_NET)
    weights = tmp_path / "net.pt"
    torch.save(load(source, "torch_net2").model.state_dict(), weights)
    same = CliRunner().invoke(main, ["weights", str(source), str(weights), "--to", "torch", "-o",
                                     str(tmp_path / "x.pt")])
    assert same.exit_code == 2 and "--to must be keras" in same.output
    wrong = CliRunner().invoke(main, ["weights", str(source), str(weights), "--to", "keras", "-o",
                                      str(tmp_path / "x.pt")])
    assert wrong.exit_code == 2 and "need one of" in wrong.output
    assert not (tmp_path / "x.pt").exists()
