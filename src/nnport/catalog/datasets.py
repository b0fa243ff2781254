"""Datasets a source loads by name: the sizes of one sample by axis role, and the order in which
each framework's loader gives them (torchvision tensors (C, H, W); Keras arrays (H, W) or (H, W, C))."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    sizes: dict[str, int | None]  # role -> size (None: varies, e.g. a review's length)
    orders: dict[str, tuple[str, ...]]  # framework -> roles of a sample, in the loader's order
    train_size: int | None = None  # samples in the training split
    classes: int | None = None  # labels are class ids below this

    def shape(self, framework: str) -> tuple[int | None, ...] | None:
        order = self.orders.get(framework)
        return None if order is None else tuple(self.sizes[r] for r in order)


def _image(size: int, channels: int, train_size: int | None, classes: int | None = 10) -> Sample:
    keras = ("H", "W") if channels == 1 else ("H", "W", "C")
    return Sample({"C": channels, "H": size, "W": size}, {"torch": ("C", "H", "W"), "keras": keras}, train_size,
                  classes)


SAMPLES = {
    **{name: _image(28, 1, 60000) for name in ("mnist", "fashion_mnist", "kmnist")},
    "emnist": _image(28, 1, None, None),  # sizes and classes depend on the split chosen
    "cifar10": _image(32, 3, 50000),
    "cifar100": _image(32, 3, 50000, 100),
    "svhn": _image(32, 3, 73257),
    "imdb": Sample({"T": None}, {"keras": ("T",)}, 25000),
    "reuters": Sample({"T": None}, {"keras": ("T",)}, 8982),
    "boston_housing": Sample({"C": 13}, {"keras": ("C",)}, 404),
}
