"""A small repository written the way real ones are, for the ``nnport migrate SRC_DIR`` tests:
a model package with a config table and a builder, a training script that imports it, a notebook,
a Keras baseline, unrelated helpers, a build folder .gitignore leaves out, and a broken file."""
from __future__ import annotations

import json
from pathlib import Path

CLASSIFIER = '''"""Text classifier used by train.py."""
import torch
from torch import nn

CONFIGS = {
    "small": {"embed": 32, "hidden": 48, "classes": 4},
    "base": {"embed": 64, "hidden": 96, "classes": 4},
}


class Classifier(nn.Module):
    def __init__(self, vocab=1000, embed=32, hidden=48, classes=4, dropout=0.1, **kwargs):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.encoder = nn.GRU(embed, hidden, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, classes)

    def forward(self, tokens):
        states, _ = self.encoder(self.embedding(tokens))
        return self.head(self.dropout(states[:, -1]))


def build(name="small", **overrides):
    return Classifier(**CONFIGS[name], **overrides)
'''

BLOCKS = '''import torch.nn as nn
import torch.nn.functional as F


def conv_block(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class SmallCNN(nn.Module):
    def __init__(self, channels=(3, 16, 32), num_classes=10):
        super().__init__()
        self.features = nn.Sequential(*[conv_block(a, b) for a, b in zip(channels, channels[1:])])
        self.fc = nn.Linear(channels[-1], num_classes)

    def forward(self, x):
        x = F.max_pool2d(self.features(x), 2)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.fc(x)
'''

TRAIN = '''import argparse

import torch
from torch import nn

from models.classifier import build


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="small")
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    model = build(args.config)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for _ in range(args.epochs):
        tokens = torch.randint(0, 1000, (16, 20))
        labels = torch.randint(0, 4, (16,))
        optimizer.zero_grad()
        loss_fn(model(tokens), labels).backward()
        optimizer.step()
    torch.save(model.state_dict(), "classifier.pt")


if __name__ == "__main__":
    main()
'''

KERAS_BASELINE = '''import keras
from keras import layers


def make_model(num_features=20, units=64):
    inputs = keras.Input(shape=(num_features,))
    x = layers.Dense(units, activation="relu")(inputs)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)
'''

HELPERS = '''import json
import os


def load_settings(path):
    with open(os.path.expanduser(path)) as handle:
        return json.load(handle)
'''

BROKEN = '''import torch
from torch import nn


class Half(nn.Module):
    def __init__(self):
        super().__init__(
        self.fc = nn.Linear(3, 4)
'''

NOTEBOOK_CELLS = [
    ("markdown", ["# Autoencoder experiments\n"]),
    ("code", ["%matplotlib inline\n", "import torch\n", "from torch import nn\n"]),
    ("code", ["latent = 8\n", "model = nn.Sequential(\n", "    nn.Linear(64, 32),\n", "    nn.Tanh(),\n",
              "    nn.Linear(32, latent),\n", "    nn.Tanh(),\n", "    nn.Linear(latent, 64),\n", ")\n"]),
    ("code", ["print(model)\n"]),
]


def notebook() -> str:
    cells = [{"cell_type": kind, "metadata": {}, "source": source,
              **({"execution_count": None, "outputs": []} if kind == "code" else {})}
             for kind, source in NOTEBOOK_CELLS]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


FILES = {
    ".gitignore": "build/\n*.ckpt\n__pycache__/\n",
    "README.md": "# classifier\n",
    "models/__init__.py": "",
    "models/classifier.py": CLASSIFIER,
    "models/blocks.py": BLOCKS,
    "train.py": TRAIN,
    "baselines/keras_mlp.py": KERAS_BASELINE,
    "utils/settings.py": HELPERS,
    "legacy/half_written.py": BROKEN,
    "notebooks/autoencoder.ipynb": None,  # notebook()
    "build/lib/models/classifier.py": CLASSIFIER,  # ignored by .gitignore
    ".git/hooks/pre-commit.py": "import torch\n",  # never read
}

# what migrating the tree to Keras gives each file
EXPECTED_TO_KERAS = {
    "baselines/keras_mlp.py": "already in target",
    "legacy/half_written.py": "refused",
    "models/__init__.py": "not a network",
    "models/blocks.py": "migrated",
    "models/classifier.py": "migrated",
    "notebooks/autoencoder.ipynb": "migrated",
    "train.py": "not a network",
    "utils/settings.py": "not a network",
}


def write_tree(root: Path, files: dict | None = None) -> Path:
    for name, text in (files or FILES).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook() if text is None else text)
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root with its bytes and modification time (to prove nothing was written)."""
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}
