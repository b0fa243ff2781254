"""Datasets: the loaders each framework ships, and how their samples meet the model's input layout.

A loader's samples have axis roles (torchvision images are (C, H, W) tensors, Keras arrays
(N, H, W) or (N, H, W, C)); the input type of the layout-planned model has roles too, in the
order the generated model takes them (the source's with ``--layout source``, the target's with
``native``). The emitted loader permutes / reshapes the samples into that order.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...ir.graph import PivotModel
from ...ir.training import Dataset
from ...ir.types import TensorType


@dataclass(frozen=True)
class Loader:
    keras: str | None  # keras.datasets module
    torch: str | None  # torchvision.datasets class
    keras_roles: tuple[str, ...]  # roles of the Keras arrays (with N)
    torch_split: str = "train"  # how the torchvision class selects a split: train=bool or split=str


IMAGE_GRAY, IMAGE_RGB = ("N", "H", "W"), ("N", "H", "W", "C")
LOADERS = {
    "mnist": Loader("mnist", "MNIST", IMAGE_GRAY),
    "fashion_mnist": Loader("fashion_mnist", "FashionMNIST", IMAGE_GRAY),
    "cifar10": Loader("cifar10", "CIFAR10", IMAGE_RGB),
    "cifar100": Loader("cifar100", "CIFAR100", IMAGE_RGB),
    "svhn": Loader(None, "SVHN", IMAGE_RGB, "split"),
    "imdb": Loader("imdb", None, ("N", "T")),
    "reuters": Loader("reuters", None, ("N", "T")),
    "boston_housing": Loader("boston_housing", None, ("N", "C")),
}
TORCHVISION_SAMPLE = ("C", "H", "W")


def main_dataset(model: PivotModel) -> Dataset | None:
    train = [d for d in model.datasets if d.split == "train"]
    return (train or model.datasets or [None])[0]


def validates(model: PivotModel, watched) -> bool:
    """Whether training evaluates held-out data every epoch: the source gave validation data
    (Keras ``validation_data=``; the loaders written give it as the test split) or a component
    watches a ``val_`` value."""
    from .components import canonical

    monitored = any(canonical(c)[1].get("monitor", "").startswith("val_") for c in watched if c is not None)
    return monitored or any(d.split == "validation" for d in model.datasets)


def input_type(model: PivotModel) -> TensorType | None:
    net = model.network
    inputs = net.graph.inputs
    return net.graph.types.get(inputs[0].outputs[0]) if len(inputs) == 1 else None


def batch_input(model: PivotModel, model_input: TensorType | None) -> TensorType | None:
    """What the data code must give the source's per-batch code: the model's input, or, when that
    code reshapes the batch, samples as the source framework's loader gives them."""
    from ...catalog.datasets import SAMPLES
    from .steps import reshapes

    dataset = main_dataset(model)
    sample = SAMPLES.get(dataset.loader) if dataset and reshapes(model.training) else None
    shape = sample.shape(model.source.framework) if sample else None
    if shape is None:
        return model_input
    return TensorType((None, *shape), ("N", *sample.orders[model.source.framework]), "float32")


def permutation(have: tuple[str, ...], want: tuple[str, ...]) -> tuple[int, ...] | None:
    """Axis order taking roles ``have`` to ``want``; None when they are not the same set."""
    if sorted(have) != sorted(want):
        return None
    return tuple(have.index(r) for r in want)


def sample_steps(have: tuple[str, ...], model_type: TensorType | None) -> list[tuple[str, object]]:
    """Steps ("add_channel" | "permute" | "reshape", arg) from ``have`` roles (with N) to the model's."""
    if model_type is None:
        return []
    want, steps = model_type.roles, []
    if "C" in want and "C" not in have and len(want) == len(have) + 1:
        have = (*have, "C")
        steps.append(("add_channel", len(have) - 1))
    perm = permutation(have, want)
    if perm is not None and perm != tuple(range(len(perm))):
        steps.append(("permute", perm))
    elif perm is None and all(d is not None for d in model_type.shape[1:]):
        steps.append(("reshape", tuple(model_type.shape[1:])))
    return steps


def transforms_of(dataset: Dataset | None) -> list[dict]:
    return list(dataset.transforms) if dataset else []


def scale_factor(dataset: Dataset | None) -> float | None:
    return next((t["factor"] for t in transforms_of(dataset) if t["kind"] == "scale"), None)


def normalization(dataset: Dataset | None) -> dict | None:
    return next((t for t in transforms_of(dataset) if t["kind"] == "normalize"), None)


# image steps torchvision applies per sample and Keras' arrays cannot: torch transform text of each
GEOMETRIC = {
    "random_flip": lambda t: f"RandomHorizontalFlip(p={t.get('p', 0.5)!r})" if t.get("mode") == "horizontal"
    else f"RandomVerticalFlip(p={t.get('p', 0.5)!r})",
    "random_crop": lambda t: f"RandomCrop({t['size']!r}, padding={t.get('padding') or 0!r})",
    "center_crop": lambda t: f"CenterCrop({t['size']!r})",
    "resize": lambda t: f"Resize({t['size']!r})",
}


def geometric(dataset: Dataset | None) -> list[dict]:
    """The dataset's crops, flips and resizes, in order."""
    return [t for t in transforms_of(dataset) if t["kind"] in GEOMETRIC]


DRAWS = {"normal": "np.random.standard_normal({shape}).astype('float32')",
         "uniform": "np.random.random({shape}).astype('float32')",
         "integers": "np.random.randint({low}, {high}, {shape})",
         "zeros": "np.zeros({shape}, 'float32')", "ones": "np.ones({shape}, 'float32')"}


def made_arrays(model: PivotModel, model_input: TensorType | None) -> list[str] | None:
    """numpy expressions drawing the data the source makes itself (inputs, targets), where the
    migrated model takes it as the source's does."""
    dataset = main_dataset(model)
    made = dataset.attrs.get("made") if dataset else None
    source = input_type(model)
    if not made or len(made) != 2 or source is None or model_input is None or source.roles != model_input.roles:
        return None
    return [DRAWS[m["draw"]].format(shape=tuple(m["shape"]), low=m.get("low"), high=m.get("high")) for m in made]
