"""Keras augmentation layers inside a model (``RandomFlip``, ``RandomRotation``): the identity at
inference, which verify checks; while training PyTorch gets the same draws written out in the
migrated forward (``self.training``), checked here against what Keras computes."""
import numpy as np
import pytest
from backend_ir import load_code, migrate_and_verify

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")

MODEL = '''import keras
from keras import layers

data_augmentation = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(ROTATION)])

inputs = keras.Input(shape=(8, 8, 3))
x = data_augmentation(inputs)
x = layers.Rescaling(1.0 / 255)(x)
x = layers.Conv2D(4, 3, padding="same")(x)
model = keras.Model(inputs, x)
'''


def test_augmentation_is_the_identity_at_inference_and_matches(tmp_path):
    code, result = migrate_and_verify(MODEL.replace("ROTATION", "0.1"), tmp_path, "torch")
    assert "def random_rotation(" in code and "if self.training else" in code
    assert result.passed and result.max <= 1e-5, result.summary()


def _migrated(tmp_path, rotation):
    from nnport.api import migrate
    from nnport.options import WriteOptions

    source = tmp_path / "augment.py"
    source.write_text(MODEL.replace("ROTATION", rotation))
    module = load_code(migrate(source, WriteOptions(target="torch", only_model=True)), tmp_path)
    return module.Model()


def test_a_quarter_turn_while_training_is_what_keras_computes(tmp_path):
    images = np.random.default_rng(0).uniform(size=(2, 8, 8, 3)).astype("float32")
    turned = keras.layers.RandomRotation((0.25, 0.25))(images, training=True)
    model = _migrated(tmp_path, "(0.25, 0.25)").train()
    rotate = model.sequential[2]  # after the layout permute and the flip
    got = rotate(torch.from_numpy(images).permute(0, 3, 1, 2)).permute(0, 2, 3, 1).detach().numpy()
    np.testing.assert_allclose(got, keras.ops.convert_to_numpy(turned), atol=1e-5)


def test_the_flip_while_training_flips_whole_samples_along_the_width(tmp_path):
    model = _migrated(tmp_path, "0.0").train()
    flip = model.sequential[1]
    x = torch.arange(4 * 3 * 8 * 8, dtype=torch.float32).reshape(4, 3, 8, 8)
    torch.manual_seed(1)
    out = flip(x)
    for sample, got in zip(x, out):
        assert torch.equal(got, sample) or torch.equal(got, sample.flip(2))
    assert not torch.equal(out, x) and not torch.equal(out, x.flip(3))  # seed 1: some flipped, some not
    model.eval()
    assert torch.equal(flip(x), x)
