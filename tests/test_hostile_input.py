"""Input the fuzzer (benchmarks/fuzz.py) and new users found crashing nnport: each gives a
diagnostic at its place in the source, or correct output; never a traceback, never a hang."""
import textwrap

import pytest

from nnport.api import migrate
from nnport.errors import NnportError
from nnport.options import ReadOptions, WriteOptions


def _write(tmp_path, source: str, name: str = "net.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return path


def refused(tmp_path, source: str, target: str = "keras", read: ReadOptions = ReadOptions(), **options) -> str:
    """The diagnostics migrating ``source`` gives (it must give some), as text."""
    path = _write(tmp_path, source)
    with pytest.raises(NnportError) as info:
        migrate(path, WriteOptions(target=target, **options), read)
    return str(info.value).replace(str(path), "net.py")


def _where(template: str, layer: str, given: str) -> str:
    """line:col (both from 1) of ``given`` in ``layer`` placed in ``template``."""
    lines = textwrap.dedent(template).lstrip("\n").format(layer=layer).splitlines()
    line = next(i for i, text in enumerate(lines) if layer in text)
    return f"{line + 1}:{lines[line].index(layer) + layer.rindex(given) + 1}"


def reported(tmp_path, source: str, target: str = "keras", **options) -> str:
    """The exception's diagnostics and the ones reported along the way (warnings, errors a
    frontend reported before it stopped), as text."""
    from nnport.errors import Reporter

    path, reporter = _write(tmp_path, source), Reporter()
    with pytest.raises(NnportError) as info:
        migrate(path, WriteOptions(target=target, **options), reporter=reporter)
    return "\n".join([str(info.value), *map(str, reporter.diagnostics)]).replace(str(path), "net.py")


def migrated(tmp_path, source: str, target: str = "keras", **options) -> str:
    return migrate(_write(tmp_path, source), WriteOptions(target=target, **options))


TORCH_LAYER = """
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = {layer}

    def forward(self, x):
        return self.layer(x)
"""

KERAS_LAYER = """
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28, 3)),
    {layer},
])
"""


# --- values checked against the catalog where arguments are bound -----------------------------

@pytest.mark.parametrize("layer, given, message", [
    ("nn.Linear(8, 0.5)", "0.5", "Linear: out_features=0.5 must be an integer"),
    ("nn.Linear(8, 0)", "0)", "Linear: out_features=0 must be a positive integer"),
    ("nn.Linear(8, True)", "True", "Linear: out_features=True must be an integer"),
    ("nn.Conv2d(3, 8, 3, stride=0)", "0)", "Conv2d: stride=0 must be a positive integer"),
    ("nn.Conv2d(3, 8, 2.5)", "2.5", "Conv2d: kernel_size=2.5 must be an integer or a tuple of integers"),
    ("nn.Conv2d(3, 8, 3, padding=-1)", "-1", "Conv2d: padding=-1 must not be negative"),
    ("nn.MaxPool2d(2, stride=0)", "0)", "MaxPool2d: stride=0 must be a positive integer"),
    ("nn.Dropout(p=2.5)", "2.5", "Dropout: p=2.5 must be a rate in [0, 1)"),
    ("nn.Dropout(1.0)", "1.0", "Dropout: p=1.0 must be a rate in [0, 1)"),
    ("nn.LSTM(8, 16, num_layers=0)", "0)", "LSTM: num_layers=0 must be a positive integer"),
    ("nn.LSTM(8, 16.0)", "16.0", "LSTM: hidden_size=16.0 must be an integer"),
    ("nn.ZeroPad2d(2.5)", "2.5", "ZeroPad2d: padding=2.5 must be"),
    ("nn.LayerNorm(2.5)", "2.5", "LayerNorm: normalized_shape=2.5 must be an integer or a tuple of integers"),
    ("nn.BatchNorm2d(8, momentum=None)", "None", "BatchNorm2d: momentum=None must be a number, not None"),
    ("nn.Conv2d(nn.ReLU(), 8, 3)", "nn.ReLU()", "Conv2d: in_channels=nn.ReLU() must be an integer"),
])
def test_torch_layer_argument_checked_against_catalog(tmp_path, layer, given, message):
    where = _where(TORCH_LAYER, layer, given)
    assert f"net.py:{where}: error: {message}" in refused(tmp_path, TORCH_LAYER.format(layer=layer))


@pytest.mark.parametrize("layer, given, message", [
    ("layers.Dense(0.5)", "0.5", "Dense: units=0.5 must be an integer"),
    ("layers.Conv2D(8, 3, strides=0)", "0)", "Conv2D: strides=0 must be a positive integer"),
    ("layers.MaxPooling2D(pool_size=2.5)", "2.5", "MaxPooling2D: pool_size=2.5 must be an integer or a tuple"),
    ("layers.Dropout(rate=2.5)", "2.5", "Dropout: rate=2.5 must be a rate in [0, 1)"),
    ("layers.Dropout(-0.1)", "-0.1", "Dropout: rate=-0.1 must be a rate in [0, 1)"),
    ("layers.Reshape(10)", "10", "Reshape: target_shape=10 must be a tuple of sizes (integers)"),
    ("layers.Permute(2)", "2", "Permute: dims=2 must be an axis or a tuple of axes"),
    ("layers.LayerNormalization(axis=0.5)", "0.5", "LayerNormalization: axis=0.5 must be an axis"),
])
def test_keras_layer_argument_checked_against_catalog(tmp_path, layer, given, message):
    where = _where(KERAS_LAYER, layer, given)
    assert f"net.py:{where}: error: {message}" in refused(tmp_path, KERAS_LAYER.format(layer=layer), "torch")


def test_functional_op_argument_checked_against_catalog(tmp_path):
    source = """
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 4)

        def forward(self, x):
            return F.max_pool1d(self.fc(x), 0)
    """
    assert "net.py:11:41: error: max_pool1d: kernel_size=0 must be a positive integer" in refused(tmp_path, source)


def test_valid_arguments_still_read(tmp_path):
    code = migrated(tmp_path, TORCH_LAYER.format(layer="nn.Dropout(0.0)"))
    assert "layers.Dropout(0.0)" in code


# --- Python's own operators and failures in static evaluation ---------------------------------

def test_bit_operators_are_evaluated(tmp_path):
    from nnport.api import load

    path = _write(tmp_path, """
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(1 << 4, ~-3 | 0), nn.ReLU(), nn.Linear(16 ^ 18, 64 >> 5 & 3))
    """)
    modules = load(path).network.modules
    assert [(m.attrs["in_features"], m.attrs["out_features"]) for m in modules.values() if m.kind == "linear"] == \
        [(16, 2), (2, 2)]
    assert migrate(path, WriteOptions(target="keras", only_model=True)).count("layers.Dense(2, ") == 2


@pytest.mark.parametrize("expression, message", [
    ("SIZES[2.5]", "SIZES[2.5] fails in Python: list indices must be integers or slices, not float"),
    ("SIZES[7]", "SIZES[7] fails in Python: list index out of range"),
    ("len(range(0.5))", "range(0.5) fails in Python: 'float' object cannot be interpreted as an integer"),
    ("8 // (SIZES[0] - 8)", "8 // (SIZES[0] - 8) fails in Python: integer division or modulo by zero"),
])
def test_python_failure_in_an_argument_is_reported_where_it_is(tmp_path, expression, message):
    source = f"""
    import torch.nn as nn

    SIZES = [8, 16]
    model = nn.Sequential(nn.Linear(8, {expression}))
    """
    found = refused(tmp_path, source)
    assert "net.py:4:" in found and message in found


# --- bounds on static evaluation: a clear diagnostic, in seconds and little memory -----------------

@pytest.mark.parametrize("argument, message", [
    ("sum(range(10**8))", "net.py:2:40: error: range(10 ** 8) makes 100,000,000 items; nnport evaluates containers "
                          "of at most 1,000,000 items"),
    ("len([0] * 10**9)", "net.py:2:40: error: [0] * 10 ** 9 makes 1,000,000,000 items"),
    ("10 ** 10 ** 9", "net.py:2:36: error: 10 ** 10 ** 9 is an integer of about 3,000,000,001 bits; nnport evaluates "
                      "integers of at most 4,096 bits"),
    ("1 << 10**9", "net.py:2:36: error: 1 << 10 ** 9 is an integer of about 1,000,000,001 bits"),
])
def test_huge_values_are_bounded(tmp_path, argument, message):
    source = f"""
    import torch.nn as nn
    model = nn.Sequential(nn.Linear(8, {argument}))
    """
    assert message in refused(tmp_path, source)


def test_stacked_layer_count_is_bounded(tmp_path):
    source = TORCH_LAYER.format(layer="nn.LSTM(8, 16, num_layers=10**9)")
    assert refused(tmp_path, source) == ("net.py:7:22: error: nn.LSTM(...) makes 1,000,000,000 layers; nnport reads "
                                         "models of at most 20,000 layers")


def test_repeated_block_count_is_bounded(tmp_path):
    source = """
    import torch.nn as nn


    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 8)

        def forward(self, x):
            return self.fc(x)


    model = nn.Sequential(*[Block() for _ in range(10**6)])
    """
    found = refused(tmp_path, source, read=ReadOptions(model="model"))
    assert found == ("net.py:7:19: error: nn.Linear(...): the model has more than 20,000 layers; nnport reads "
                     "models of at most that many")


@pytest.mark.parametrize("source", [
    """
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            total = 0
            for i in range(10**6):
                for j in range(10**6):
                    total = total + i * j
            self.fc = nn.Linear(4, 4)

        def forward(self, x):
            return self.fc(x)
    """,
    """
    import keras
    from keras import layers

    total = 0
    for i in range(10**6):
        for j in range(10**6):
            pass
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(4)])
    """])
def test_evaluation_steps_are_bounded(tmp_path, source):
    found = refused(tmp_path, source)
    assert ": error: reading this file statically takes more than 2,000,000 evaluation steps (a bound of nnport)" \
        in found


def test_deep_syntax_is_bounded(tmp_path):
    inner = "nn.Linear(4, 4)"
    for _ in range(150):
        inner = f"nn.Sequential({inner})"
    found = refused(tmp_path, f"import torch.nn as nn\nmodel = {inner}\n")
    assert found.startswith("net.py:2:") and "syntax nested more than 100 levels deep (a bound of nnport)" in found


def test_parser_recursion_is_a_diagnostic(tmp_path):
    found = refused(tmp_path, "import torch.nn as nn\nmodel = nn.Linear(4, " + " + ".join(["1"] * 20000) + ")\n")
    assert found == "net.py:1:1: error: syntax nested too deeply to read (nnport reads up to 100 levels)"


def test_recursive_forward_is_bounded(tmp_path):
    source = """
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 4)

        def forward(self, x):
            return self.forward(self.fc(x))
    """
    assert refused(tmp_path, source) == ("net.py:10:16: error: forward() is reached through more than 25 nested "
                                         "calls or networks (a bound of nnport; a recursion without end?)")


def test_keras_layer_making_itself_is_bounded(tmp_path):
    source = """
    import keras
    from keras import layers


    class Block(layers.Layer):
        def __init__(self, units):
            super().__init__()
            self.dense = layers.Dense(units)
            self.inner = Block(units)

        def call(self, x):
            return self.inner(self.dense(x))


    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, Block(4)(inputs))
    """
    assert "net.py:9:22: error: Block() is reached through more than 25 nested calls or networks" in \
        refused(tmp_path, source, "torch")


def test_keras_networks_nested_by_a_loop_are_bounded(tmp_path):
    source = """
    import keras
    from keras import layers

    net = layers.Dense(4)
    for i in range({depth}):
        net = keras.Sequential([net])
    model = keras.Sequential([keras.Input(shape=(4,)), net])
    """
    assert "error: network 'net' is reached through more than 25 nested" in refused(tmp_path, source.format(depth=400))
    code = migrated(tmp_path, source.format(depth=20), "torch", only_model=True)
    assert code.count("nn.Sequential(") == 20 and "nn.Linear(4,4)" in "".join(code.split())


def test_ten_thousand_layers_are_read(tmp_path):
    from benchmarks.synthetic import torch_sequential
    from nnport.api import load

    path = tmp_path / "big.py"
    path.write_text(torch_sequential(10_000), encoding="utf-8")
    assert len(load(path).network.modules) == 10_000


# --- arguments a framework requires, Python failures in constructor code ----------------------------

@pytest.mark.parametrize("source, target, message", [
    (TORCH_LAYER.format(layer="nn.Conv2d(3, 8)"), "keras", "net.py:7:22: error: Conv2d(...) is missing its argument "
                                                             "'kernel_size'"),
    (TORCH_LAYER.format(layer="nn.AdaptiveAvgPool2d()"), "keras", "net.py:7:22: error: AdaptiveAvgPool2d(...) is "
                                                                    "missing its argument 'output_size'"),
    (TORCH_LAYER.format(layer="nn.MultiheadAttention(16)"), "keras", "MultiheadAttention(...) is missing its "
                                                                       "argument 'num_heads'"),
    (KERAS_LAYER.format(layer="layers.Conv2D(8)"), "torch", "net.py:6:5: error: Conv2D(...) is missing its argument "
                                                             "'kernel_size'"),
    (TORCH_LAYER.format(layer="nn.ModuleList(3)"), "keras", "nn.ModuleList(3) fails in Python: 'int' object is not "
                                                              "iterable"),
    (TORCH_LAYER.format(layer="nn.Linear(4, int(math.log2(-1)))").replace("import torch.nn as nn",
                                                                           "import math\nimport torch.nn as nn"),
     "keras", "math.log2(-1) fails in Python: math domain error"),
])
def test_call_the_framework_would_refuse_is_reported(tmp_path, source, target, message):
    assert message in refused(tmp_path, source, target)


def test_custom_keras_layer_not_read_in_a_functional_model(tmp_path):
    """A Sampling layer drawing with a shape that is not its input's: its errors, no crash."""
    source = """
    import keras
    from keras import layers, ops


    class Sampling(layers.Layer):
        def call(self, inputs):
            z_mean, z_log_var = inputs
            epsilon = keras.random.normal(shape=(ops.shape(z_mean)[0], 1))
            return z_mean + ops.exp(0.5 * z_log_var) * epsilon


    inputs = keras.Input(shape=(16,))
    z_mean = layers.Dense(2)(inputs)
    z_log_var = layers.Dense(2)(inputs)
    z = Sampling()([z_mean, z_log_var])
    model = keras.Model(inputs, [z_mean, z_log_var, z])
    """
    found = refused(tmp_path, source, "torch")
    assert "net.py:8:19: error: keras.random.normal(...) in call() draws new random numbers at every call" in found
    assert "Sampling.call() does not return" not in found  # a consequence, not said again


def test_custom_keras_layer_in_a_functional_model(tmp_path):
    source = """
    import keras
    from keras import layers


    class Residual(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.dense = layers.Dense(units, activation="relu")

        def call(self, x):
            return x + self.dense(x)


    inputs = keras.Input(shape=(16,))
    outputs = layers.Dense(3)(Residual(16)(inputs))
    model = keras.Model(inputs, outputs)
    """
    code = migrated(tmp_path, source, "torch", only_model=True)
    assert "class Residual(nn.Module):" in code and "out = x + v" in code
    assert "self.residual = Residual()" in code and "nn.Linear(16, 3)" in code


def test_partial_migration_past_a_layer_without_type(tmp_path):
    """--allow-partial: a layer whose input disagrees with it has no output type; the layout pass
    goes past it and the code is written, the error reported."""
    from nnport.errors import Reporter

    source = """
    import torch.nn as nn

    model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Conv2d(16, 8, 3), nn.ReLU())
    x = torch.randn(1, 3, 32, 32)
    """
    reporter = Reporter()
    code = migrate(_write(tmp_path, "import torch\n" + textwrap.dedent(source)),
                   WriteOptions(target="keras", allow_partial=True), reporter=reporter)
    assert "layers.Conv2D(8, 3" in code
    assert any("in_channels=16" in d.message for d in reporter.errors)


def test_self_rebound_in_forward(tmp_path):
    source = """
    import torch.nn as nn
    import torch.nn.functional as F


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(4, 4)
            self.fc2 = nn.Linear(4, 4)

        def forward(self, x):
            self = F.relu(self.fc1(x))
            return self.fc2(self)
    """
    assert "net.py:13:16: error: tensor method .fc2() is not supported yet" in refused(tmp_path, source)


def test_return_outside_a_function_is_a_syntax_error(tmp_path):
    source = """
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(4, 4))
    return model
    """
    assert refused(tmp_path, source) == "net.py:4:1: error: syntax error: 'return' outside function"


def test_keras_constant_arithmetic_is_bounded(tmp_path):
    source = """
    import keras
    from keras import layers


    def build(units=8, dropout=10**9**9):
        return keras.Sequential([keras.Input(shape=(4,)), layers.Dense(units), layers.Dropout(dropout)])


    model = build()
    """
    assert "net.py:5:28: error: 10 ** 9 ** 9 is an integer of about 1,162,261,468 bits; nnport evaluates integers " \
           "of at most 4,096 bits" in refused(tmp_path, source, "torch")


def test_keras_data_divided_by_zero(tmp_path):
    source = """
    import keras
    from keras import layers

    (x_train, y_train), _ = keras.datasets.mnist.load_data()
    x_train = x_train / 0
    model = keras.Sequential([keras.Input(shape=(28, 28)), layers.Flatten(), layers.Dense(10)])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=1)
    """
    assert "nn.Linear(784, 10)" in migrated(tmp_path, source, "torch")


def test_keras_input_shape_from_data_loaded_at_run_time(tmp_path):
    source = """
    import numpy as np
    from keras.layers import LSTM, Dense
    from keras.models import Sequential

    X = np.load("X_windows.npy")
    model = Sequential()
    model.add(LSTM(50, input_shape=(X.shape[1], X.shape[2])))
    model.add(Dense(1))
    """
    from nnport.errors import Reporter

    path, reporter = _write(tmp_path, source), Reporter()
    code = migrate(path, WriteOptions(target="torch", only_model=True), reporter=reporter)
    assert "def __init__(self, x_shape_2):" in code and "nn.LSTM(x_shape_2, 50, batch_first=True)" in code
    found = "\n".join(map(str, reporter.diagnostics)).replace(str(path), "net.py")
    assert "net.py:7:45: warning: x_shape_2, computed when the file runs (line 7: `X.shape[2]`)" in found


def test_partial_migration_writes_a_placeholder_for_an_untyped_op(tmp_path):
    from nnport.errors import Reporter

    source = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(20, 8))
    x = layers.Conv1D(16, 30)(inputs)
    x = layers.GlobalMaxPooling1D()(x)
    outputs = layers.Dense(2)(x)
    model = keras.Model(inputs, outputs)
    """
    reporter = Reporter()
    code = migrate(_write(tmp_path, source), WriteOptions(target="torch", allow_partial=True, only_model=True),
                   reporter=reporter)
    assert '_untranslated("global_max_pool1d: has axes unknown (no input type reaches it)")' in code
    assert any("impossible output shape" in d.message for d in reporter.errors)


def test_partial_migration_of_a_recurrent_layer_on_a_wrong_rank(tmp_path):
    source = TORCH_LAYER.format(layer="nn.RNN(8, 3)").replace("return self.layer(x)",
                                                               "return self.layer(x.flatten(1))")
    source += "\nmodel = Net()\nout = model(torch.randn(2, 8))\n"
    found = refused(tmp_path, "import torch\n" + textwrap.dedent(source).lstrip("\n"), allow_partial=True)
    assert "simple_rnn 'layer': cannot be written for its input float32[N=?, C=8] (reported above)" in found


def test_result_index_out_of_range(tmp_path):
    source = TORCH_LAYER.format(layer="nn.Linear(4, 4)").replace("return self.layer(x)",
                                                                  "return torch.max(self.layer(x), 1)[2]")
    found = refused(tmp_path, "import torch\n" + textwrap.dedent(source).lstrip("\n"))
    assert "net.py:11:9: error: the result holds 2 values (values, indices); [2] is none of them" in found


def test_module_list_inside_a_sequential(tmp_path):
    source = """
    import torch.nn as nn

    model = nn.Sequential(nn.Linear(4, 4), nn.ModuleList([nn.ReLU()]))
    """
    assert refused(tmp_path, source) == ("net.py:3:9: error: nn.Sequential item '1' is an nn.ModuleList, which has "
                                         "no forward")


def test_keras_sequential_given_a_layer_not_a_list(tmp_path):
    source = """
    import keras
    from keras import layers

    model = keras.Sequential(layers.Dense(4, input_shape=(8,)))
    """
    assert "net.py:4:26: error: keras.Sequential(...) takes a list of layers" in refused(tmp_path, source, "torch")


def test_keras_fit_callbacks_not_a_list(tmp_path):
    source = """
    import keras
    from keras import layers

    model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x_train, y_train, epochs=2, callbacks=make_callbacks())
    """
    assert "nn.Linear(8, 2)" in migrated(tmp_path, source, "torch")


def test_partial_migration_of_an_upsampling_without_spatial_axes(tmp_path):
    source = TORCH_LAYER.format(layer="nn.Upsample(scale_factor=2)")
    source += "\nmodel = Net()\nout = model(torch.randn(2, 8))\n"
    found = refused(tmp_path, "import torch\n" + textwrap.dedent(source).lstrip("\n"), allow_partial=True)
    assert "net.py:8:22: error: upsample 'layer' cannot be written for keras: Keras has no upsampling layer for 0 " \
           "spatial axes" in found


def test_forward_returning_a_module(tmp_path):
    source = TORCH_LAYER.format(layer="nn.Linear(4, 4)").replace("return self.layer(x)", "return self.layer")
    assert refused(tmp_path, source) == ("net.py:9:5: error: forward returns a module, not its output (is a call "
                                         "missing?)")


@pytest.mark.parametrize("source, target, message", [
    (TORCH_LAYER.format(layer="nn.LayerNorm()"), "keras", "net.py:7:22: error: LayerNorm(...) is missing its "
                                                           "argument 'normalized_shape'"),
    (KERAS_LAYER.format(layer="layers.Dropout()"), "torch", "net.py:6:5: error: Dropout(...) is missing its argument "
                                                             "'rate'"),
])
def test_constructor_argument_without_default(tmp_path, source, target, message):
    assert message in refused(tmp_path, source, target)


def test_upsample_without_size_or_factor(tmp_path):
    source = TORCH_LAYER.format(layer="nn.Upsample()") + "\nmodel = Net()\nout = model(torch.randn(1, 3, 8, 8))\n"
    found = refused(tmp_path, "import torch\n" + textwrap.dedent(source).lstrip("\n"))
    assert "net.py:8:22: error: upsample 'layer': cannot infer the output shape from float32[N=?, C=3, H=8, W=8]: " \
           "it has neither size nor scale_factor" in found


def test_partial_migration_of_a_layer_no_input_type_reaches(tmp_path):
    """--allow-partial: layers after one whose shape failed have no inferred sizes; a depthwise
    convolution, which PyTorch writes grouped by its in_channels, says so."""
    source = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(16, 16, 8))
    x = layers.LayerNormalization(5)(inputs)
    x = layers.DepthwiseConv2D(3)(x)
    model = keras.Model(inputs, x)
    """
    found = refused(tmp_path, source, "torch", allow_partial=True)
    assert found == ("net.py:6:5: error: depthwise_conv2d 'depthwise_conv2d' cannot be written for torch: in_channels "
                     "unknown (it makes the groups); give the input shape (--input-shape)")


@pytest.mark.parametrize("count", ["x.size(1)", "x.shape[1]"])
@pytest.mark.parametrize("shape", [None, (4, 10, 8)])
def test_loop_over_time_steps_in_forward(tmp_path, count, shape):
    source = f"""
    import torch
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 2)

        def forward(self, x):
            outputs = []
            for t in range({count}):
                outputs.append(self.fc(x[:, t]))
            return torch.stack(outputs, 1)
    """
    found = refused(tmp_path, source, read=ReadOptions(input_shape=shape))
    assert found == ("net.py:12:9: error: x.size(1) is known only when the model runs, and a number is needed here "
                     "(a loop over time steps: a recurrent layer does it)")


def test_instance_norm_in_a_style_transfer_network(tmp_path):
    source = """
    import torch
    import torch.nn as nn


    class TransformerNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 32, 9, 1, padding=4)
            self.in1 = nn.InstanceNorm2d(32, affine=True)
            self.relu = nn.ReLU()

        def forward(self, x):
            return self.relu(self.in1(self.conv1(x)))


    model = TransformerNet()
    out = model(torch.randn(1, 3, 64, 64))
    """
    assert "layers.GroupNormalization(groups=32, epsilon=1e-05)" in migrated(tmp_path, source, only_model=True)


@pytest.mark.parametrize("index", ["5", "2.5", "'a'"])
def test_module_list_index_python_refuses(tmp_path, index):
    source = """
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])

        def forward(self, x):
            return self.blocks[{index}](x)
    """.replace("{index}", index)
    found = refused(tmp_path, source)
    assert found.startswith(f"net.py:10:9: error: nn.ModuleList[{eval(index)!r}] fails in Python: list ")


def test_recursion_inside_a_deep_expression_is_bounded(tmp_path):
    expression = "self.forward(x)"
    for _ in range(40):
        expression = f"self.fc({expression})"
    source = TORCH_LAYER.format(layer="nn.Linear(4, 4)").replace("self.layer", "self.fc") \
        .replace("return self.fc(x)", f"return {expression}")
    assert "error: forward() is reached through calls, networks and expressions nested too deeply to read" in \
        refused(tmp_path, source)


def test_operand_given_several_values(tmp_path):
    source = TORCH_LAYER.format(layer="nn.RNN(16, 16)").replace("return self.layer(x)",
                                                                 "return F.elu(self.layer(x))")
    found = refused(tmp_path, "import torch.nn.functional as F\n" + textwrap.dedent(source).lstrip("\n"))
    assert found == "net.py:11:22: error: elu: input=self.layer(x) is 2 values, not a tensor"


def test_module_list_of_numbers(tmp_path):
    assert refused(tmp_path, TORCH_LAYER.format(layer="nn.ModuleList((1, 1))")) == \
        "net.py:7:22: error: nn.ModuleList item 0 is not a module: 1"


def test_loop_over_a_number_in_a_constructor(tmp_path):
    source = """
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self, widths=16):
            super().__init__()
            self.blocks = nn.ModuleList()
            for width in widths:
                self.blocks.append(nn.Linear(width, width))

        def forward(self, x):
            for block in self.blocks:
                x = block(x)
            return x
    """
    assert refused(tmp_path, source) == "net.py:8:22: error: for loop over widths, which is 16, not a sequence"


def test_upsample_without_size_or_factor_in_a_sequential(tmp_path):
    source = """
    import torch.nn as nn

    model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.Upsample())
    """
    assert "net.py:3:43: error: upsample '1' cannot be written for keras: it has neither size nor scale_factor" in \
        refused(tmp_path, source, allow_partial=True)


def test_unused_layer_norm(tmp_path):
    source = """
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.norm = nn.LayerNorm(8)
            self.unused = nn.LayerNorm(16)
            self.fc = nn.Linear(8, 2)

        def forward(self, x):
            return self.fc(self.norm(x))
    """
    assert refused(tmp_path, source) == "net.py:8:23: error: layer_norm 'unused': axes unknown; give the input shape " \
                                        "(--input-shape)"


def test_optimizer_betas_are_rates(tmp_path):
    source = TORCH_LAYER.format(layer="nn.Linear(4, 2)") + """
model = Net()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(1.5, 0.999))
"""
    found = refused(tmp_path, "import torch\n" + textwrap.dedent(source).lstrip("\n"))
    assert "net.py:14:65: error: Adam: betas=(1.5, 0.999) must be a rate in [0, 1)" in found


def test_partial_migration_of_an_untyped_recurrent_stack(tmp_path):
    """--allow-partial: stacked LSTMs after a layer whose shape failed are not merged (no sizes)."""
    source = """
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        layers.Reshape((7, 3)),
        layers.LSTM(8, return_sequences=True),
        layers.LSTM(8),
        layers.Dense(1),
    ])
    """
    assert refused(tmp_path, source, "torch", allow_partial=True) == \
        "net.py:7:5: error: lstm 'lstm': its input shape is unknown (give --input-shape)"


def test_unused_recurrent_layer_is_written(tmp_path):
    source = """
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 2)
            self.gru = nn.GRU(8, 16, batch_first=True, bidirectional=True)

        def forward(self, x):
            return self.fc(x)
    """
    assert "self.gru = layers.Bidirectional(layers.GRU(16, reset_after=True))" in \
        migrated(tmp_path, source, only_model=True)


def test_partial_migration_of_a_network_called_with_two_ranks(tmp_path):
    """--allow-partial: a sub-network called again on a flattened input (its types hold the first
    call's); the layout pass plans it once, in its own roles."""
    source = """
    import torch
    import torch.nn as nn


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU())

        def forward(self, x):
            x = self.features(x)
            return self.features(torch.flatten(x, 1))


    model = Net()
    out = model(torch.randn(1, 3, 8, 8))
    """
    from nnport.errors import Reporter

    reporter = Reporter()
    code = migrate(_write(tmp_path, source), WriteOptions(target="keras", allow_partial=True, only_model=True),
                   reporter=reporter)
    assert "layers.Conv2D(8, 3" in code
    assert any("reads 2 spatial axes" in d.message for d in reporter.errors)


def test_keras_model_whose_input_is_a_layer_output(tmp_path):
    source = """
    import keras
    from keras import layers

    inputs = keras.Input(shape=(16,))
    outputs = layers.Dense(1)(inputs)
    model = keras.Model(outputs, outputs)
    """
    assert "net.py:6:21: error: Model(...) input 'outputs' is computed by a layer; a functional model's inputs are " \
           "keras.Input tensors" in reported(tmp_path, source, "torch", allow_partial=True)


def test_partial_migration_of_sub_networks_typed_apart(tmp_path):
    """--allow-partial: a stem whose Conv2D is refused leaves the sub-network's output typed in
    roles the caller does not share; the layout pass keeps the caller's own."""
    from pathlib import Path

    model = Path(__file__).parent / "models" / "programs" / "keras" / "resnet_subclass_block_builders.py"
    source = model.read_text(encoding="utf-8").replace("width=64", "width=0", 1)
    source += "\n\nmodel = ResNet(BasicBlock, [])\n"  # the stem, the pooling and the head: no stage
    found = reported(tmp_path, source, "keras", layout="native", allow_partial=True)
    assert "error: Conv2D: filters=width (0) must be a positive integer" in found
    assert "num_features unknown; give the input shape (--input-shape)" in found


LR_DIVIDED_BY_ZERO = """
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(784, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = nn.CrossEntropyLoss()
curr_lr = 0.05
for epoch in range(4):
    for images, labels in zip([torch.randn(8, 784)], [torch.randint(0, 10, (8,))]):
        loss = criterion(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    if (epoch + 1) % 2 == 0:
        curr_lr /= 0
        for group in optimizer.param_groups:
            group["lr"] = curr_lr
"""


def test_a_learning_rate_decay_that_fails_in_python_is_left_out_not_a_crash(tmp_path):
    from nnport.errors import Reporter

    reporter = Reporter()
    code = migrate(_write(tmp_path, LR_DIVIDED_BY_ZERO), WriteOptions(target="keras"), reporter=reporter)
    assert "layers.Dense(10" in code
    assert any("learning rate" in d.message and d.severity == "warning" for d in reporter.diagnostics)
