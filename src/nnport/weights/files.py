"""Weight files: PyTorch state_dict (.pt/.pth, .safetensors) and Keras (.weights.h5, .keras).

Writes go to a temporary file in the destination folder, then ``os.replace``: a failed
write never leaves half a file behind.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import NnportError, SourceLoc

TORCH_SUFFIXES = (".pt", ".pth", ".bin", ".safetensors")
KERAS_SUFFIXES = (".weights.h5", ".keras")


def framework_of_file(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(TORCH_SUFFIXES):
        return "torch"
    if name.endswith(KERAS_SUFFIXES):
        return "keras"
    raise NnportError(f"unknown weight file type; use one of {TORCH_SUFFIXES + KERAS_SUFFIXES}", SourceLoc(str(path)))


def load_into(model, framework: str, path: Path) -> None:
    """Load a weight file into a built model of ``framework``."""
    if framework_of_file(path) != framework:
        raise NnportError(f"a {framework_of_file(path)} weight file cannot load into a {framework} model",
                          SourceLoc(str(path)))
    try:
        if framework == "torch":
            model.load_state_dict(_torch_state(path), strict=True)
        else:
            model.load_weights(str(path))
    except (RuntimeError, ValueError, KeyError) as exc:
        raise NnportError(f"the weights do not fit the model: {exc}", SourceLoc(str(path))) from None


def _torch_state(path: Path) -> dict:
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        return load_file(str(path))
    import torch

    state = torch.load(str(path), map_location="cpu", weights_only=True)
    if not isinstance(state, dict):
        raise NnportError("expected a state_dict (a dict of tensors)", SourceLoc(str(path)))
    return state


def save(model, framework: str, path: Path, source: Path | None = None) -> None:
    """Write the model's weights to ``path`` atomically, in the format its suffix names."""
    if framework_of_file(path) != framework:
        raise NnportError(f"{path.name}: a {framework} model's weights need one of "
                          f"{TORCH_SUFFIXES if framework == 'torch' else KERAS_SUFFIXES}", SourceLoc(str(path)))
    if source is not None and path.resolve() == source.resolve():
        raise NnportError("refusing to write the output over the input", SourceLoc(str(path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = ".weights.h5" if path.name.endswith(".weights.h5") else path.suffix  # Keras checks the suffix
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    try:
        _write(model, framework, Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write(model, framework: str, tmp: Path) -> None:
    if framework == "keras":
        if tmp.suffix == ".keras":
            tmp.unlink()  # Keras refuses to overwrite without asking
            model.save(str(tmp))
        else:
            model.save_weights(str(tmp), overwrite=True)
        return
    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    if tmp.suffix == ".safetensors":
        from safetensors.torch import save_file

        save_file(state, str(tmp))
    else:
        import torch

        torch.save(state, str(tmp))
