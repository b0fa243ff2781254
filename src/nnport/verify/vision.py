"""Images through a generated torchvision transform (``make_transform()``), as torchvision's
datasets pass them: a PIL image per sample. Where torchvision is not installed, the transforms
generated code uses are given by a small stand-in of the same arithmetic on numpy images."""
from __future__ import annotations

import contextlib
import sys
import types

import numpy as np


def has_torchvision() -> bool:
    try:
        import torchvision  # noqa: F401
    except ImportError:
        return False
    return True


def transformed(make_transform, images: np.ndarray):
    """(N, H, W[, C]) uint8 images -> the stacked tensors ``make_transform()`` gives."""
    import torch

    if has_torchvision():
        from PIL import Image

        with no_augmentation():
            transform = make_transform()
        return torch.stack([transform(Image.fromarray(img)) for img in images])
    try:
        with stand_in():
            transform = make_transform()
    except AttributeError as exc:  # a transform the stand-in does not have
        from ..errors import NnportError

        raise NnportError(f"the PyTorch code's transform needs torchvision ({exc}); install torchvision "
                          "to compare its training") from None
    return torch.stack([transform(img) for img in images])


RANDOM = ("RandomHorizontalFlip", "RandomVerticalFlip", "RandomCrop")


class _Unchanged:
    """A random augmentation switched off: random crops and flips are not comparable."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, x):
        return x


@contextlib.contextmanager
def no_augmentation():
    """torchvision's random crops and flips leave images unchanged while active."""
    from torchvision import transforms

    saved = {name: getattr(transforms, name) for name in RANDOM}
    for name in RANDOM:
        setattr(transforms, name, _Unchanged)
    try:
        yield
    finally:
        for name, cls in saved.items():
            setattr(transforms, name, cls)


class _Compose:
    def __init__(self, steps):
        self.steps = steps

    def __call__(self, x):
        for step in self.steps:
            x = step(x)
        return x


def _chw(img: np.ndarray):
    import torch

    return torch.from_numpy(np.ascontiguousarray(img[None] if img.ndim == 2 else img.transpose(2, 0, 1)))


class _ToTensor:
    def __call__(self, img):
        return _chw(img).float() / 255.0


class _PILToTensor:
    def __call__(self, img):
        return _chw(img)


class _ConvertImageDtype:
    def __init__(self, dtype):
        self.dtype = dtype

    def __call__(self, x):
        if x.is_floating_point() or not self.dtype.is_floating_point:
            return x.to(self.dtype)
        return x.to(self.dtype) / 255.0  # integer images scale to [0, 1], as torchvision does


class _Normalize:
    def __init__(self, mean, std):
        self.mean, self.std = mean, std

    def __call__(self, x):
        import torch

        mean = torch.as_tensor(self.mean, dtype=x.dtype).view(-1, 1, 1)
        return (x - mean) / torch.as_tensor(self.std, dtype=x.dtype).view(-1, 1, 1)


class _CenterCrop:
    def __init__(self, size):
        self.size = (size, size) if isinstance(size, int) else tuple(size)

    def __call__(self, x):
        top, left = (x.shape[-2] - self.size[0]) // 2, (x.shape[-1] - self.size[1]) // 2
        return x[..., top:top + self.size[0], left:left + self.size[1]]


class _Lambda:
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, x):
        return self.fn(x)


@contextlib.contextmanager
def stand_in():
    """``from torchvision import transforms`` gives the stand-in while active."""
    transforms = types.ModuleType("torchvision.transforms")
    transforms.__dict__.update(Compose=_Compose, ToTensor=_ToTensor, PILToTensor=_PILToTensor,
                               ConvertImageDtype=_ConvertImageDtype, Normalize=_Normalize, Lambda=_Lambda,
                               CenterCrop=_CenterCrop, **{name: _Unchanged for name in RANDOM})
    package = types.ModuleType("torchvision")
    package.transforms = transforms
    saved = {name: sys.modules.get(name) for name in ("torchvision", "torchvision.transforms")}
    sys.modules.update({"torchvision": package, "torchvision.transforms": transforms})
    try:
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
