"""A VAE's sampling layer in Keras: ``keras.random.normal(shape=(batch, dim))`` in call(), the
shape read from a tensor (``tf.shape(z_mean)[0]``, ``keras.ops.shape(z_mean)``), is a draw like
that tensor: ``torch.randn_like(z_mean)`` in PyTorch, and verify replays the same draws on both
sides. A shape that is not one tensor's whole shape is refused. Layers named in the file
(``Dense(2, name="z_mean")``) take no automatic name, also where verify skips building them."""
import pytest
from backend_ir import migrate_and_verify

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import ReadOptions, WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

VAE = '''import keras
import tensorflow as tf
from keras import layers


class Sampling(layers.Layer):
    def call(self, inputs):
        z_mean, z_log_var = inputs
        SHAPE
        return z_mean + tf.exp(0.5 * z_log_var) * epsilon


latent_dim = 2
encoder_inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(8, 3, activation="relu", strides=2, padding="same")(encoder_inputs)
x = layers.Flatten()(x)
x = layers.Dense(16, activation="relu")(x)
z_mean = layers.Dense(latent_dim, name="z_mean")(x)
z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
z = Sampling()([z_mean, z_log_var])
encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")

latent_inputs = keras.Input(shape=(latent_dim,))
x = layers.Dense(7 * 7 * 8, activation="relu")(latent_inputs)
x = layers.Reshape((7, 7, 8))(x)
outputs = layers.Conv2DTranspose(1, 3, activation="sigmoid", strides=4, padding="same")(x)
decoder = keras.Model(latent_inputs, outputs, name="decoder")
'''

DRAWS = {
    "tf.shape": """batch = tf.shape(z_mean)[0]
        dim = tf.shape(z_mean)[1]
        epsilon = tf.keras.backend.random_normal(shape=(batch, dim))""",
    "ops.shape": "epsilon = keras.random.normal(keras.ops.shape(z_mean), stddev=1.0)",
}


@pytest.mark.parametrize("draw", DRAWS, ids=list(DRAWS))
def test_the_sampling_layer_draws_like_its_input_and_matches(draw, tmp_path):
    source = VAE.replace("SHAPE", DRAWS[draw]).replace('name="decoder")', 'name="decoder")\nmodel = encoder')
    code, result = migrate_and_verify(source, tmp_path, "torch")
    assert "torch.randn_like(z_mean)" in code
    assert result.passed and result.max <= 1e-5, result.summary()


def test_the_decoder_built_after_named_layers_matches(tmp_path):
    source = VAE.replace("SHAPE", DRAWS["tf.shape"]).replace('name="decoder")', 'name="decoder")\nmodel = decoder')
    code, result = migrate_and_verify(source, tmp_path, "torch")
    assert result.passed and result.max <= 1e-5, result.summary()


def test_a_draw_shaped_otherwise_is_refused(tmp_path):
    source = tmp_path / "vae.py"
    source.write_text(VAE.replace("SHAPE", "epsilon = keras.random.normal((tf.shape(z_mean)[0], 2))"))
    with pytest.raises(NnportError, match=r"vae.py:9:\d+: error: keras.random.normal\(...\) in call\(\) draws new "
                                          r"random numbers at every call .* not a tensor's"):
        migrate(source, WriteOptions(target="torch"), ReadOptions(model="encoder"))
