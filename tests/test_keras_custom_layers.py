"""Custom Keras layers as keras-io writes them: a ``layers.Layer`` subclass whose sub-layers are
made in ``build(input_shape)`` from the input's channels, blocks with class attributes
(``expansion = 4``), helper methods (a ``@staticmethod`` making a stage), stages kept in a list and
looped over in ``call``, a projection shortcut made only when the channels change. Each becomes an
nn.Module, migrated and verified; what cannot be read is one diagnostic naming its cause."""
from pathlib import Path

import pytest

import nnport
from nnport import api
from nnport.errors import NnportError, Reporter
from nnport.options import ReadOptions, WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")


def migrated(tmp_path: Path, text: str, model: str | None = None, input_shape=None):
    source = tmp_path / "blocks.py"
    source.write_text(text)
    out = tmp_path / "migrated.py"
    out.write_text(api.migrate(source, WriteOptions(target="torch", only_model=True),
                               ReadOptions(model=model, input_shape=input_shape), Reporter()))
    return source, out


def passes(source: Path, out: Path, model: str | None = None, input_shape=None):
    result = nnport.verify(source, out, model=model, input_shape=input_shape, trials=2, batch=2)
    assert result.passed, result.summary()


CHANNEL_GATE = '''
import keras
from keras import layers


class ChannelGate(layers.Layer):
    """Squeeze-and-excitation: weights each channel by a gate computed from its mean."""

    def __init__(self, reduction=4, **kwargs):
        super().__init__(**kwargs)
        self.reduction = reduction

    def build(self, input_shape):
        channels = input_shape[-1]
        self.squeeze = layers.GlobalAveragePooling2D(keepdims=True)
        self.down = layers.Dense(max(2, channels // self.reduction), activation="relu")
        self.up = layers.Dense(channels, activation="sigmoid")

    def call(self, x):
        return x * self.up(self.down(self.squeeze(x)))


def block(x, width):
    x = layers.Conv2D(width, 3, padding="same", activation="relu")(x)
    return ChannelGate()(x)


inputs = keras.Input(shape=(12, 12, 3))
x = block(inputs, 8)
x = block(layers.MaxPooling2D()(x), 16)
outputs = layers.Dense(3)(layers.GlobalMaxPooling2D()(x))
model = keras.Model(inputs, outputs)
'''


def test_sub_layers_made_in_build_from_the_input_channels(tmp_path):
    source, out = migrated(tmp_path, CHANNEL_GATE)
    code = out.read_text()
    assert "class ChannelGate(nn.Module):" in code
    assert "nn.Linear(8, 2)" in code and "nn.Linear(2, 8)" in code
    assert "nn.Linear(16, 4)" in code and "nn.Linear(4, 16)" in code
    passes(source, out)


RESNET = '''
import keras
from keras import layers


class Block(layers.Layer):
    expansion = 2

    def __init__(self, filters, strides=1, **kwargs):
        super().__init__(**kwargs)
        self.filters, self.strides = filters, strides
        self.conv1 = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)
        self.bn1 = layers.BatchNormalization()
        self.conv2 = layers.Conv2D(filters * self.expansion, 3, padding="same", use_bias=False)
        self.bn2 = layers.BatchNormalization()

    def build(self, input_shape):
        self.project = None
        if self.strides != 1 or input_shape[-1] != self.filters * self.expansion:
            self.project = layers.Conv2D(self.filters * self.expansion, 1, strides=self.strides)

    def call(self, x, training=False):
        y = keras.activations.relu(self.bn1(self.conv1(x), training=training))
        y = self.bn2(self.conv2(y), training=training)
        return keras.activations.relu(y + (x if self.project is None else self.project(x)))


class Net(keras.Model):
    def __init__(self, depths=(1, 2), width=4, num_classes=5, **kwargs):
        super().__init__(**kwargs)
        self.stem = layers.Conv2D(width * Block.expansion, 3, padding="same")
        self.stages = [self.make_stage(width * 2 ** i, n, 1 if i == 0 else 2) for i, n in enumerate(depths)]
        self.head = layers.Dense(num_classes)

    @staticmethod
    def make_stage(filters, n, strides):
        return keras.Sequential([Block(filters, s) for s in [strides] + [1] * (n - 1)])

    def pool(self, x):
        return keras.ops.mean(x, axis=(1, 2))

    def call(self, x, training=False):
        x = self.stem(x)
        for stage in self.stages:
            x = stage(x, training=training)
        return self.head(self.pool(x))
'''


@pytest.mark.parametrize("choice", ["Net()", "Net(depths=(2, 1), width=2)"])
def test_blocks_with_class_attributes_helpers_stage_lists_and_a_shortcut_made_in_build(tmp_path, choice):
    shape = (None, 16, 16, 3)
    source, out = migrated(tmp_path, RESNET, choice, shape)
    code = out.read_text()
    assert "class Block(nn.Module):" in code or "class Block" in code
    assert code.count("project") >= 1  # the stride-2 block projects its input
    passes(source, out, choice, shape)


def test_a_shortcut_decided_on_channels_no_input_gives_is_refused_not_guessed(tmp_path):
    text = RESNET.replace('self.stem = layers.Conv2D(width * Block.expansion, 3, padding="same")',
                          "self.stem = layers.Activation('relu')")
    with pytest.raises(NnportError) as refused:
        migrated(tmp_path, text, "Net()")
    errors = [str(d) for d in refused.value.diagnostics if d.severity == "error"]
    assert len(errors) == 1 and "blocks.py:19:12: error: branch on a value known only at run time" in errors[0]
    assert "the input shape of 'block' (Block.build) is not known statically here; give the input shape" in errors[0]


ATTENTION = '''
import keras
from keras import layers

embed_dim, heads = 16, 4


class CrossBlock(layers.Layer):
    def __init__(self, dim, num_heads, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.to_key = layers.Dense(dim)
        self.to_value = layers.Dense(dim)
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=dim // num_heads)
        self.norm = layers.LayerNormalization(epsilon=1e-6)
        self.drop = layers.Dropout(rate)

    def call(self, x, training=False):
        mixed = self.att(x, self.to_value(x), self.to_key(x))
        return self.norm(x + self.drop(mixed, training=training))


class SelfBlock(layers.Layer):
    def __init__(self, dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=KEY_DIM)
        self.ffn = keras.Sequential([layers.Dense(dim * 2, activation="relu"), layers.Dense(dim)])

    def call(self, x):
        x = x + self.att(x, x)
        return x + self.ffn(x)


def flatten_time(x):
    return keras.ops.reshape(x, (-1, keras.ops.shape(x)[1] * keras.ops.shape(x)[2]))


inputs = keras.Input(shape=(6,), dtype="int32")
x = layers.Embedding(50, embed_dim)(inputs)
x = SelfBlock(embed_dim, heads)(CrossBlock(embed_dim, heads)(x))
outputs = layers.Dense(2)(flatten_time(x))
model = keras.Model(inputs, outputs)
'''


def test_attention_inside_custom_blocks_with_its_keras_input_order(tmp_path):
    source, out = migrated(tmp_path, ATTENTION.replace("KEY_DIM", "dim // num_heads"))
    code = out.read_text()
    assert "nn.MultiheadAttention(16, 4, batch_first=True)" in code and "nn.Linear(96, 2)" in code
    passes(source, out)  # value and key are different tensors: a swapped order would diverge


def test_attention_heads_wider_than_the_query_become_a_module_of_their_own(tmp_path):
    """key_dim=dim: four heads of 16 over a width of 16, which nn.MultiheadAttention cannot hold."""
    source, out = migrated(tmp_path, ATTENTION.replace("KEY_DIM", "dim"))
    code = out.read_text()
    assert "class MultiHeadAttention(nn.Module)" in code and "MultiHeadAttention(16, 4, 16)" in code
    assert "nn.MultiheadAttention(16, 4, batch_first=True)" in code  # the cross block's heads fit
    passes(source, out)


SAMPLING = '''
import keras
from keras import layers, ops


class Sampling(layers.Layer):
    def call(self, inputs):
        mean, log_var = inputs
        noise = keras.random.normal(shape=(ops.shape(mean)[0], ops.shape(mean)[1]))
        return mean + ops.exp(0.5 * log_var) * noise


inputs = keras.Input(shape=(8,))
h = layers.Dense(16, activation="relu")(inputs)
mean, log_var = layers.Dense(2)(h), layers.Dense(2)(h)
encoder = keras.Model(inputs, [mean, log_var, Sampling()([mean, log_var])])
'''


def test_a_sampling_layer_draws_like_its_input(tmp_path):
    source, out = migrated(tmp_path, SAMPLING)
    assert "torch.randn_like(mean)" in out.read_text()
    passes(source, out)  # the draws are replayed alike on both sides


UNTRANSLATED_LAYER = '''
import keras
import numpy as np
from keras import layers

texts = np.array(["a b", "b c"])
vectorize = layers.TextVectorization(max_tokens=100, output_sequence_length=5)
vectorize.adapt(texts)
inputs = keras.Input(shape=(5,), dtype="int64")
x = layers.Embedding(100, 8)(inputs)
x = layers.GlobalAveragePooling1D()(x)
model = keras.Model(inputs, layers.Dense(1)(x))
'''


def test_a_layer_without_translation_is_an_error_only_where_the_model_uses_it(tmp_path):
    source, out = migrated(tmp_path, UNTRANSLATED_LAYER)  # the vectorizer prepares data only
    passes(source, out)
    used = UNTRANSLATED_LAYER.replace("x = layers.Embedding(100, 8)(inputs)",
                                      "x = layers.Embedding(100, 8)(inputs)\nx = layers.UnitNormalization()(x)")
    with pytest.raises(NnportError) as refused:
        migrated(tmp_path, used)
    errors = [str(d) for d in refused.value.diagnostics if d.severity == "error"]
    assert len(errors) == 1 and "blocks.py:11:5: error: UnitNormalization is not a Keras layer nnport translates" \
                                in errors[0]
