"""Keras files as tutorials and keras-io write them: the Python around the layers (config tables
with ``continue``, ``while`` loops, ``math``, environment variables, ``**kwargs`` forwarded into a
layer, a model chosen by a call expression) is read statically, migrated to PyTorch and verified
as the file stands; what cannot be read is one diagnostic at its cause."""
from pathlib import Path

import pytest

import nnport
from nnport import api
from nnport.errors import NnportError, Reporter
from nnport.options import ReadOptions, WriteOptions

pytest.importorskip("torch")
pytest.importorskip("keras")


def migrated(tmp_path: Path, text: str, model: str | None = None, name: str = "source.py"):
    source = tmp_path / name
    source.write_text(text)
    reporter = Reporter()
    out = tmp_path / "migrated.py"
    out.write_text(api.migrate(source, WriteOptions(target="torch", only_model=True), ReadOptions(model=model),
                               reporter))
    return source, out, reporter


def refusal(tmp_path: Path, text: str, model: str | None = None) -> list[str]:
    with pytest.raises(NnportError) as refused:
        migrated(tmp_path, text, model)
    return [str(d) for d in refused.value.diagnostics if d.severity == "error"]


def verified(source: Path, out: Path, model: str | None = None):
    result = nnport.verify(source, out, model=model, trials=2)
    assert result.passed, result.summary()
    return result


CFG_TABLE = '''
import keras
from keras import layers

CONFIGS = {"tiny": [8, "M", 16, 16, "M"], "small": [16, "M", 32, "M", 64, "M"]}


def make_net(cfg, num_classes=4, batch_norm=False):
    model = keras.Sequential(name=cfg)
    model.add(keras.Input(shape=(16, 16, 3)))
    for v in CONFIGS[cfg]:
        if v == "M":
            model.add(layers.MaxPooling2D(2))
            continue
        model.add(layers.Conv2D(v, 3, padding="same", use_bias=not batch_norm))
        if batch_norm:
            model.add(layers.BatchNormalization())
        model.add(layers.Activation("relu"))
    model.add(layers.GlobalAveragePooling2D())
    model.add(layers.Dense(num_classes))
    return model


def tiny(**kwargs):
    return make_net("tiny", **kwargs)


def small(**kwargs):
    return make_net("small", **kwargs)


model = tiny()
'''


@pytest.mark.parametrize("choice", [None, "small(num_classes=3, batch_norm=True)"])
def test_a_config_table_loop_with_continue(tmp_path, choice):
    source, out, _ = migrated(tmp_path, CFG_TABLE, choice)
    code = out.read_text()
    assert code.count("nn.Conv2d(") == 3 and code.count("nn.MaxPool2d(") >= 2
    assert ("nn.BatchNorm2d" in code) == (choice is not None)
    verified(source, out, choice)


WHILE_MATH = '''
import math
import os

import keras
from keras import layers

IMAGE_SIZE = int(os.environ.get("IMAGE_SIZE", 32))
n_down = int(math.log2(IMAGE_SIZE)) - 2

critic = keras.Sequential(name="critic")
critic.add(keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 3)))
size, width = IMAGE_SIZE, 16
while size > IMAGE_SIZE // 2 ** n_down:
    critic.add(layers.Conv2D(width, 3, strides=2, padding="same"))
    critic.add(layers.LeakyReLU(negative_slope=0.2))
    size, width = size // 2, min(width * 2, 64)
    if width > 48:
        break
critic.add(layers.Flatten())
critic.add(layers.Dense(1))
'''


def test_a_while_loop_adding_layers_with_math_and_an_environment_variable(tmp_path):
    source, out, reporter = migrated(tmp_path, WHILE_MATH)
    code = out.read_text()
    assert code.count("nn.Conv2d(") == 2 and "nn.Linear(2048, 1)" in code
    assert any("environment variable 'IMAGE_SIZE' is read as its default 32" in d.message
               for d in reporter.diagnostics)
    verified(source, out)


def test_a_while_loop_on_values_known_only_at_run_time_is_refused(tmp_path):
    text = WHILE_MATH.replace("while size > IMAGE_SIZE // 2 ** n_down:", "while size > len(open('sizes.txt').read()):")
    errors = refusal(tmp_path, text)
    assert len(errors) == 1 and ":14:1: error: while loop on" in errors[0]
    assert "it adds to the model, so the model cannot be read without it" in errors[0]


KWARGS_INTO_LAYER = '''
import keras
from keras import layers


def conv_bn(x, filters, strides=1, **conv_kwargs):
    x = layers.Conv2D(filters, 3, strides=strides, padding="same", **conv_kwargs)(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


def build(input_shape=(24, 24, 3), widths=(8, 16), num_classes=5, **conv_kwargs):
    inputs = keras.Input(shape=input_shape)
    x = inputs
    for i, width in enumerate(widths):
        x = conv_bn(x, width, strides=1 if i == 0 else 2, **conv_kwargs)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(num_classes)(x))


settings = dict(widths=(8, 16, 32), use_bias=False, kernel_initializer="he_normal")
model = build(**settings)
'''


@pytest.mark.parametrize("choice", [None, "build(**settings)", "build(num_classes=2, dilation_rate=1)"])
def test_keyword_arguments_forwarded_into_a_layer(tmp_path, choice):
    source, out, _ = migrated(tmp_path, KWARGS_INTO_LAYER, choice)
    code = out.read_text()
    assert code.count("bias=False") == (3 if choice != "build(num_classes=2, dilation_rate=1)" else 0)
    verified(source, out, choice)


def test_an_unknown_keyword_forwarded_into_a_layer_is_named(tmp_path):
    errors = refusal(tmp_path, KWARGS_INTO_LAYER, "build(kernel_constraint=max_norm)")
    assert len(errors) == 1 and "kernel_constraint" in errors[0]


SUBCLASS = '''
import keras
from keras import layers


class Classifier(keras.Model):
    def __init__(self, num_classes, width=8, **kwargs):
        super().__init__(**kwargs)
        self.conv = layers.Conv2D(width, 3, activation="relu")
        self.pool = layers.GlobalMaxPooling2D()
        self.head = layers.Dense(num_classes)

    def call(self, inputs, training=False):
        return self.head(self.pool(self.conv(inputs)))
'''


def test_a_class_the_file_never_builds_keeps_its_required_size_and_is_chosen_with_a_call(tmp_path):
    source, out, reporter = migrated(tmp_path, SUBCLASS)
    assert "def __init__(self, num_classes):" in out.read_text() and "nn.Linear(8, num_classes)" in out.read_text()
    assert any("--model 'Classifier(num_classes=...)'" in d.message for d in reporter.diagnostics)
    verified(source, out)
    source, out, _ = migrated(tmp_path, SUBCLASS, "Classifier(num_classes=3, width=4)")
    assert "nn.Linear(4, 3)" in out.read_text()
    verified(source, out, "Classifier(num_classes=3, width=4)")


def test_an_error_is_reported_once_not_at_every_layer_after_it(tmp_path):
    text = '''
import keras
from keras import layers

rate = float(open("rate.txt").read())
inputs = keras.Input(shape=(20,), dtype="int32")
x = layers.Embedding(1000, 16)(inputs)
x = layers.Dropout(rate)(x)
x = layers.Conv1D(8, 3, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
'''
    errors = refusal(tmp_path, text)
    assert len(errors) == 1 and ":8:20: error: Dropout: rate=rate needs the value of rate" in errors[0]


SCHEDULED = '''
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(16, activation="relu"), layers.Dense(3)])
decay = keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=0.01, decay_steps=100, decay_rate=0.5,
                                                    staircase=True)
model.compile(optimizer=keras.optimizers.SGD(OPTIMIZER_RATE, momentum=0.9),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[keras.metrics.SparseTopKCategoricalAccuracy(k=2)])
'''


@pytest.mark.parametrize("given", ["learning_rate=decay", "decay"])
def test_a_learning_rate_schedule_object_given_to_the_optimizer(tmp_path, given):
    source = tmp_path / "scheduled.py"
    source.write_text(SCHEDULED.replace("OPTIMIZER_RATE", given))
    model = api.load(source)
    assert model.training.schedule.kind == "exponential_decay"
    assert model.training.schedule.attrs["initial_lr"] == 0.01
    script = api.migrate(source, WriteOptions(target="torch"))
    assert "LambdaLR(optimizer, lambda step: 0.5 ** (step // 100))" in script
    assert "lr=0.01" in script
    assert "# TODO(nnport): metric keras.metrics.SparseTopKCategoricalAccuracy(k=2) is not translated" in script
    out = tmp_path / "migrated.py"
    out.write_text(api.migrate(source, WriteOptions(target="torch", only_model=True)))
    verified(source, out)


BLOCKS_AND_BUILDERS = '''
import keras
from keras import layers


class Tower(keras.Model):
    def __init__(self, widths, num_classes=4, **kwargs):
        super().__init__(**kwargs)
        self.stages = [layers.Dense(w, activation="relu") for w in widths]
        self.out = layers.Dense(num_classes)

    def call(self, x):
        for stage in self.stages:
            x = stage(x)
        return self.out(x)


def tower_small(**kwargs):
    return Tower([16], **kwargs)


def tower_deep(**kwargs):
    return Tower([32, 16, 8], **kwargs)
'''


def test_a_builder_callable_with_its_defaults_is_preferred_to_a_class_that_needs_arguments(tmp_path):
    source, out, _ = migrated(tmp_path, BLOCKS_AND_BUILDERS + "\n\nmodel = tower_deep()\nmodel.build((None, 12))\n")
    assert out.read_text().count("nn.Linear(") == 4
    verified(source, out)
    source, out, _ = migrated(tmp_path, BLOCKS_AND_BUILDERS, name="unbuilt.py")
    assert api.load(source).source.model_expr == "tower_deep()"
    assert out.read_text().count("nn.LazyLinear(32)") == 1


def test_a_functional_model_missing_an_input_its_output_needs_is_refused(tmp_path):
    text = '''
import keras
from keras import layers

left, right = keras.Input(shape=(8,)), keras.Input(shape=(8,))
shared = layers.Dense(4, activation="relu")
score = layers.Dense(1)(layers.Subtract()([shared(left), shared(right)]))
model = keras.Model(inputs=right, outputs=score)
'''
    errors = refusal(tmp_path, text)
    assert len(errors) == 1 and "source.py:8:9: error: output depends on input 'left', which is not among the model " \
                                "inputs" in errors[0]
