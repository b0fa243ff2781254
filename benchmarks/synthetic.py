"""Generated model source files for the migration-speed benchmark: chains of a chosen length in
both frameworks and styles, written deterministically from a seed."""
from __future__ import annotations

import random
from pathlib import Path


def torch_sequential(layers: int, width: int = 64) -> str:
    """An nn.Sequential of ``layers`` layers: Linear and ReLU alternating."""
    body = [f"    nn.Linear({width}, {width})," if i % 2 == 0 else "    nn.ReLU()," for i in range(layers)]
    return "import torch\nfrom torch import nn\n\nmodel = nn.Sequential(\n" + "\n".join(body) + "\n)\n"


def torch_subclass(layers: int, channels: int = 8) -> str:
    """An nn.Module with a conv stack (Conv2d + ReLU pairs) and a linear head."""
    convs = max(1, (layers - 2) // 2)
    init = [f"        self.conv{i} = nn.Conv2d({3 if i == 0 else channels}, {channels}, 3, padding=1)"
            for i in range(convs)]
    calls = [f"        x = torch.relu(self.conv{i}(x))" for i in range(convs)]
    return ("import torch\nfrom torch import nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n"
            "        super().__init__()\n" + "\n".join(init) +
            f"\n        self.pool = nn.AdaptiveAvgPool2d(1)\n        self.fc = nn.Linear({channels}, 10)\n\n"
            "    def forward(self, x):\n" + "\n".join(calls) +
            "\n        x = torch.flatten(self.pool(x), 1)\n        return self.fc(x)\n\n\n"
            "model = Net()\nout = model(torch.randn(1, 3, 16, 16))\n")


def keras_sequential(layers: int, width: int = 64) -> str:
    """A keras.Sequential of Dense layers (activations fused) after an Input."""
    body = [f"        layers.Dense({width}, activation='relu')," for _ in range(layers)]
    return ("import keras\nfrom keras import layers\n\nmodel = keras.Sequential(\n    [\n"
            f"        keras.Input(shape=({width},)),\n" + "\n".join(body) + "\n    ]\n)\n")


def keras_functional(layers: int, filters: int = 8) -> str:
    """A functional Keras CNN: Conv2D layers, a global pool and a Dense head."""
    convs = max(1, layers - 2)
    lines = ["import keras", "from keras import layers", "", "inputs = keras.Input(shape=(16, 16, 3))",
             "x = inputs"]
    lines += [f"x = layers.Conv2D({filters}, 3, padding='same', activation='relu')(x)" for _ in range(convs)]
    lines += ["x = layers.GlobalAveragePooling2D()(x)", "outputs = layers.Dense(10)(x)",
              "model = keras.Model(inputs, outputs)", ""]
    return "\n".join(lines)


WRITERS = {"torch_sequential": torch_sequential, "torch_subclass": torch_subclass,
           "keras_sequential": keras_sequential, "keras_functional": keras_functional}


def write_corpus(directory: Path, count: int, seed: int = 0) -> list[Path]:
    """``count`` files cycling through the four writers, 4 to 40 layers each."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    names = sorted(WRITERS)
    for i in range(count):
        kind = names[i % len(names)]
        path = directory / f"m{i:04d}_{kind}.py"
        path.write_text(WRITERS[kind](rng.randint(4, 40)), encoding="utf-8")
        paths.append(path)
    return paths
