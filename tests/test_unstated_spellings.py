"""Spellings met in model files that state no input shape (tests/models/unstated/): attribute names
the target's base class owns, TF "same" padding with strides, unit-stride pooling padding, Keras 3
layer aliases, Keras ReLU's arguments. Each case migrates and verifies, or is refused with its reason."""
import re
import uuid

import pytest
from backend_ir import migrate_and_verify

from nnport import api
from nnport.backends.dialects import KERAS, TORCH
from nnport.errors import NnportError
from nnport.options import ReadOptions, WriteOptions
from nnport.verify.files import verify

torch = pytest.importorskip("torch")
keras = pytest.importorskip("keras")


def refusal(source: str, tmp_path, target: str) -> str:
    path = tmp_path / "model.py"
    path.write_text(source)
    with pytest.raises(NnportError) as caught:
        api.migrate(path, WriteOptions(target=target, only_model=True))
    return str(caught.value)


def migrate_and_verify_shaped(source: str, tmp_path, target: str, input_shape: tuple):
    path = tmp_path / "model.py"
    path.write_text(source)
    code = api.migrate(path, WriteOptions(target=target, only_model=True), ReadOptions(input_shape=input_shape))
    out = tmp_path / f"migrated_{uuid.uuid4().hex[:8]}.py"
    out.write_text(code)
    return code, verify(path, out, input_shape=input_shape, trials=2, per_layer=False, batch=2)


# --- attributes named like the target base class's own ------------------------------------

TORCH_KERAS_NAMES = '''
import torch.nn as nn
import torch.nn.functional as F


class IrisNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.input = nn.Linear(4, 16)
        self.layers = nn.Linear(16, 16)
        self.summary = nn.Linear(16, 8)
        self.output = nn.Linear(8, 3)

    def forward(self, x):
        x = F.elu(self.input(x))
        x = F.elu(self.layers(x))
        x = F.elu(self.summary(x))
        return F.softmax(self.output(x), dim=1)


model = IrisNet()
'''


@pytest.mark.parametrize("layout", ["source", "native"])
def test_torch_attributes_named_like_keras_model_properties_are_renamed(tmp_path, layout):
    code, result = migrate_and_verify(TORCH_KERAS_NAMES, tmp_path, "keras", layout=layout)
    for name in ("input", "layers", "summary", "output"):
        assert f"self.{name}_layer = layers.Dense(" in code
        assert f"self.{name} =" not in code
    assert result.passed, result.summary()


KERAS_TORCH_NAMES = '''
import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.train = layers.Dense(8, activation="relu")
        self.eval = layers.Dense(4)
        self.forward = layers.Dense(2)

    def call(self, x):
        return self.forward(self.eval(self.train(x)))


model = Net()
model.build((None, 6))
'''


def test_keras_attributes_named_like_torch_module_methods_are_renamed(tmp_path):
    code, result = migrate_and_verify(KERAS_TORCH_NAMES, tmp_path, "torch")
    for name in ("train", "eval", "forward"):
        assert f"self.{name}_layer = nn.Linear(" in code
    assert result.passed, result.summary()


def test_reserved_attribute_names_cover_the_installed_frameworks():
    """The dialects' lists are written out (migration imports no framework): they must hold every
    public attribute of the installed keras.Model / nn.Module, class or instance."""
    from keras.src.models.functional import Functional  # noqa: F401  (the class Model(inputs, outputs) builds)

    def public(names):
        return {n for n in names if not n.startswith("_")}

    x = keras.Input((3,))
    functional = keras.Model(x, keras.layers.Dense(2)(x))
    keras_names = public(dir(keras.Model)) | public(vars(keras.Model())) | public(dir(functional)) \
        | public(dir(keras.Sequential))
    torch_names = public(dir(torch.nn.Module)) | public(vars(torch.nn.Module()))
    assert keras_names - KERAS.reserved_attributes == set()
    assert torch_names - TORCH.reserved_attributes == set()


# --- TF "same" padding with strides, PyTorch target -----------------------------------------

STRIDED_SAME = '''
import keras
from keras import layers

model = keras.Sequential([
    layers.Conv2D(8, (3, 3), activation="relu", padding="same", strides=2),
    layers.Conv2D(4, 3, padding="same"),
    layers.Flatten(),
    layers.Dense(2),
])
'''


def test_strided_same_convolution_with_no_input_shape_is_refused_at_the_layer(tmp_path):
    message = refusal(STRIDED_SAME, tmp_path, "torch")
    assert re.search(r"model\.py:6:5: error: conv2d 'conv2d' cannot be written for torch: padding 'same' with "
                     r"stride 2 depends on the input size, unknown here .*: give the input shape \(--input-shape\)", message)


def test_strided_same_convolution_with_an_input_shape_migrates(tmp_path):
    for size in (9, 10):  # an odd size pads the extra cell after: not PyTorch's symmetric padding
        code, result = migrate_and_verify_shaped(STRIDED_SAME, tmp_path, "torch", (None, size, size, 3))
        assert "'same'" not in code and '"same"' not in code
        assert result.passed, result.summary()


@pytest.mark.parametrize("layer", ['layers.MaxPooling2D(padding="same")',
                                   'layers.AveragePooling2D(3, strides=2, padding="same")',
                                   'layers.SeparableConv2D(4, 3, strides=2, padding="same")',
                                   'layers.DepthwiseConv2D(3, strides=2, padding="same")',
                                   'layers.Conv1D(4, 3, strides=2, padding="same")'])
def test_strided_same_layers_with_no_input_shape_are_refused(tmp_path, layer):
    rank = "1" if "1D" in layer else "2"
    source = STRIDED_SAME.replace('layers.Conv2D(4, 3, padding="same")', layer)
    if rank == "1":
        source = source.replace('layers.Conv2D(8, (3, 3), activation="relu", padding="same", strides=2)',
                                "layers.Conv1D(8, 3)")
    message = refusal(source, tmp_path, "torch")
    assert re.search(r"model\.py:[67]:5: error: .* padding 'same' with stride 2 .*--input-shape", message), message


UNIT_STRIDE_SAME = '''
import keras
from keras import layers

model = keras.Sequential([
    layers.Conv2D(4, 3, padding="same"),
    layers.AveragePooling2D(3, strides=1, padding="same"),
    layers.MaxPooling2D(2, strides=1, padding="same"),
    layers.MaxPool2D(3, strides=1, padding="same"),
    layers.Conv2D(4, 1, strides=2, padding="same"),
    layers.Conv2DTranspose(4, 3, strides=2, padding="same"),
    layers.Conv2DTranspose(4, 4, strides=2, padding="same"),
    layers.Conv2DTranspose(2, 1, strides=2, padding="same"),
])
'''


def test_same_padding_that_no_input_size_changes_migrates_with_no_shape(tmp_path):
    """Unit stride, a one-cell window, and transposed convolutions ("same" crops the same whatever
    the size) need no input shape."""
    code, result = migrate_and_verify(UNIT_STRIDE_SAME, tmp_path, "torch")
    assert "nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)" in code
    assert "'same'" not in code and '"same"' not in code
    assert result.passed, result.summary()


# --- unit-stride pooling padding, Keras target ----------------------------------------------

TORCH_POOL_PADDING = '''
import torch
import torch.nn as nn
import torch.nn.functional as F


class Branches(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(5, stride=1, padding=2)
        self.avg = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
        self.head = nn.Conv2d(16, 2, kernel_size=1)

    def forward(self, x):
        x = F.relu(self.stem(x))
        bp = self.avg(F.max_pool2d(x, 3, stride=1, padding=1))
        x = torch.cat([self.pool(x), bp], 1)
        return self.head(x)
'''


@pytest.mark.parametrize("layout", ["source", "native"])
def test_unit_stride_pooling_padding_is_keras_same(tmp_path, layout):
    code, result = migrate_and_verify(TORCH_POOL_PADDING, tmp_path, "keras", layout=layout)
    assert code.count('strides=1, padding="same")') == 3
    assert result.passed, result.summary()


def test_average_pooling_counting_its_padding_is_refused_for_keras(tmp_path):
    source = TORCH_POOL_PADDING.replace(", count_include_pad=False", "")
    assert "explicit padding ((1, 1), (1, 1)) has no spelling as keras.layers.AveragePooling2D" in \
        refusal(source, tmp_path, "keras")


# --- Keras 3 aliases ------------------------------------------------------------------------

ALIASES = '''
import keras
from keras import layers

model = keras.Sequential([
    layers.Convolution3D(4, 3, activation="relu"),
    layers.MaxPool3D(pool_size=2),
    layers.AvgPool3D(1),
    layers.GlobalAvgPool3D(),
    layers.Dense(units=1, activation="sigmoid"),
])
'''


def test_keras_layer_aliases_read_as_their_class(tmp_path):
    code, result = migrate_and_verify(ALIASES, tmp_path, "torch")
    assert "nn.MaxPool3d(2" in code
    assert result.passed, result.summary()


def test_keras_alias_table_is_the_installed_one():
    """Every name keras.layers binds to a cataloged class is read, and every alias is a real one."""
    from nnport.catalog import registry
    from nnport.frontends.keras.tfnames import KERAS_ALIASES

    cataloged = {s.name for k in registry.kinds() + registry.kinds(True) for s in k.spellings
                 if s.framework == "keras" and s.form == "layer" and s.name.startswith("keras.layers.")}
    real = {}
    for name in cataloged:
        cls = getattr(keras.layers, name.rsplit(".", 1)[1])
        for other in dir(keras.layers):
            qualified = f"keras.layers.{other}"
            if getattr(keras.layers, other) is cls and qualified not in cataloged:
                real[qualified] = name
    assert KERAS_ALIASES == real


def test_keras1_convolution_sizes_are_the_kernel_not_the_strides(tmp_path):
    """Keras 3 would read Convolution2D(32, 3, 3) as strides=3; the Keras 1 file meant a 3 x 3 kernel."""
    source = ("import keras\nfrom keras.layers import Convolution2D\n\n"
              "model = keras.Sequential([Convolution2D(32, 3, 3, border_mode='same')])\n")
    code, result = migrate_and_verify_shaped(source, tmp_path, "torch", (None, 12, 12, 1))
    assert "nn.Conv2d(1, 32, 3, padding=1)" in code and "stride" not in code
    assert result.passed, result.summary()


def test_a_keras1_layer_keras3_has_no_meaning_for_still_says_so(tmp_path):
    source = ("import keras\nfrom keras.layers import Deconvolution2D\n\n"
              "model = keras.Sequential([Deconvolution2D(3, 3, 3, output_shape=(None, 14, 14, 3))])\n")
    assert "model.py:4:27: error: Deconvolution2D is Keras 1 API" in refusal(source, tmp_path, "torch")


# --- Keras ReLU arguments -------------------------------------------------------------------

RELU = '''
import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.fc1 = layers.Dense(8)
        self.act1 = layers.ReLU(6.0)
        self.fc2 = layers.Dense(8)
        self.act2 = layers.ReLU(max_value=0.5)
        self.fc3 = layers.Dense(8)
        self.act3 = layers.ReLU(negative_slope=0.1)
        self.fc4 = layers.Dense(3)

    def call(self, x):
        x = self.act3(self.fc3(self.act2(self.fc2(self.act1(self.fc1(x))))))
        return keras.activations.relu(self.fc4(x), max_value=6.0)


model = Net()
model.build((None, 5))
'''


def test_keras_relu_arguments_are_translated_exactly(tmp_path):
    code, result = migrate_and_verify(RELU, tmp_path, "torch")
    assert "nn.ReLU6(" in code and "nn.Hardtanh(min_val=0.0, max_val=0.5" in code and "nn.LeakyReLU(0.1" in code
    assert "F.relu6(" in code
    assert result.passed, result.summary()


@pytest.mark.parametrize("call, why", [
    ("layers.ReLU(threshold=0.5)", "ReLU threshold=0.5 has no exact PyTorch equivalent"),
    ("layers.ReLU(6.0, 0.1)", "ReLU with both max_value=6.0 and negative_slope=0.1"),
    ("layers.ReLU(0.0)", "ReLU max_value=0.0 leaves no range"),
])
def test_keras_relu_arguments_without_an_exact_equivalent_are_refused(tmp_path, call, why):
    source = f"import keras\nfrom keras import layers\n\nmodel = keras.Sequential([layers.Dense(4), {call}])\n"
    message = refusal(source, tmp_path, "torch")
    assert "model.py:4:" in message and why in message


# --- which network is the model -----------------------------------------------------------

SEQUENTIAL_OF_BLOCKS = '''
import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, width=32):
        super().__init__()
        self.fc = nn.Linear(width, width)

    def forward(self, x):
        return x + torch.relu(self.fc(x))


model = nn.Sequential(nn.Linear(16, 32), *[Block() for _ in range(3)], nn.Linear(32, 4))
'''


def test_a_module_level_sequential_of_blocks_is_the_model_not_its_block(tmp_path):
    code, result = migrate_and_verify(SEQUENTIAL_OF_BLOCKS, tmp_path, "keras")
    assert result.passed, result.summary()
    assert code.count("Block(name=") == 3 and "layers.Dense(4" in code


GAN_ON_MNIST = '''
import torch
import torch.nn as nn
import torchvision

latent_size = 32
hidden_size = 64
image_size = 784
batch_size = 50

mnist = torchvision.datasets.MNIST(root="data", train=True, transform=torchvision.transforms.ToTensor(),
                                   download=True)
data_loader = torch.utils.data.DataLoader(dataset=mnist, batch_size=batch_size, shuffle=True)

D = nn.Sequential(nn.Linear(image_size, hidden_size), nn.LeakyReLU(0.2), nn.Linear(hidden_size, 1), nn.Sigmoid())
G = nn.Sequential(nn.Linear(latent_size, hidden_size), nn.ReLU(), nn.Linear(hidden_size, image_size), nn.Tanh())
criterion = nn.BCELoss()
d_optimizer = torch.optim.Adam(D.parameters(), lr=0.0002)
g_optimizer = torch.optim.Adam(G.parameters(), lr=0.0002)

for epoch in range(5):
    for i, (images, _) in enumerate(data_loader):
        images = images.reshape(batch_size, -1)
        real_labels = torch.ones(batch_size, 1)
        d_loss = criterion(D(images), real_labels)
        z = torch.randn(batch_size, latent_size)
        g_loss = criterion(D(G(z)), real_labels)
'''


def test_a_dataset_shapes_only_the_network_the_loop_feeds_it_to(tmp_path):
    """The generator reads noise, not MNIST images: the dataset says nothing about its input."""
    path = tmp_path / "gan.py"
    path.write_text(GAN_ON_MNIST)
    pivot = api.load(path)
    assert pivot.main == "G"
    (x,) = pivot.network.graph.inputs
    assert pivot.network.graph.types[x.outputs[0]].shape == (None, 32)
    code = api.migrate(path, WriteOptions(target="keras", only_model=True))
    out = tmp_path / "migrated.py"
    out.write_text(code)
    result = verify(path, out, trials=2, per_layer=False, batch=2)
    assert result.passed, result.summary()
