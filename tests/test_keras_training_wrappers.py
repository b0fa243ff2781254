"""A keras.Model subclass with its own train_step and no call() (the GAN / VAE pattern of the
Keras examples) only trains the models it holds: those are the networks migrated, with a warning,
and the training it does by hand is said to be left out."""
import pytest
from backend_ir import migrate_and_verify

from nnport import api
from nnport.errors import Reporter
from nnport.options import ReadOptions, WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")

GAN = '''
import keras
from keras import layers
import tensorflow as tf

latent_dim = 16

discriminator = keras.Sequential(
    [keras.Input(shape=(28, 28, 1)), layers.Conv2D(8, 3, strides=2, padding="same"), layers.LeakyReLU(0.2),
     layers.GlobalMaxPooling2D(), layers.Dense(1)],
    name="discriminator",
)
generator = keras.Sequential(
    [keras.Input(shape=(latent_dim,)), layers.Dense(7 * 7 * 8), layers.LeakyReLU(0.2), layers.Reshape((7, 7, 8)),
     layers.Conv2DTranspose(8, 4, strides=2, padding="same"), layers.LeakyReLU(0.2),
     layers.Conv2D(1, 3, padding="same", activation="sigmoid")],
    name="generator",
)


class GAN(keras.Model):
    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer, self.g_optimizer, self.loss_fn = d_optimizer, g_optimizer, loss_fn

    def train_step(self, real_images):
        batch_size = tf.shape(real_images)[0]
        noise = tf.random.normal(shape=(batch_size, self.latent_dim))
        with tf.GradientTape() as tape:
            predictions = self.discriminator(self.generator(noise))
            g_loss = self.loss_fn(tf.ones((batch_size, 1)), predictions)
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))
        return {"g_loss": g_loss}


gan = GAN(discriminator=discriminator, generator=generator, latent_dim=latent_dim)
gan.compile(d_optimizer=keras.optimizers.Adam(1e-4), g_optimizer=keras.optimizers.Adam(1e-4),
            loss_fn=keras.losses.BinaryCrossentropy(from_logits=True))
(x_train, _), _ = keras.datasets.mnist.load_data()
gan.fit(x_train.reshape(-1, 28, 28, 1) / 255.0, epochs=1)
'''


def test_the_last_model_the_wrapper_trains_is_migrated_without_its_training(tmp_path):
    path = tmp_path / "gan.py"
    path.write_text(GAN)
    reporter = Reporter()
    code = api.migrate(path, WriteOptions(target="torch"), reporter=reporter)
    messages = [d.message for d in reporter.diagnostics]
    assert any("class GAN only trains the models it holds" in m and "'generator'" in m for m in messages)
    assert any("GAN.train_step, which trains the models, is not translated" in m for m in messages)
    assert "optimizer" not in code and "nn.ConvTranspose2d(8, 8, 4" in code
    _, result = migrate_and_verify(GAN, tmp_path, "torch")
    assert result.passed, result.summary()


def test_the_other_model_is_chosen_by_name(tmp_path):
    path = tmp_path / "gan.py"
    path.write_text(GAN)
    model = api.load(path, ReadOptions(model="discriminator"))
    assert model.network.graph.types[model.network.graph.inputs[0].outputs[0]].shape == (None, 28, 28, 1)
