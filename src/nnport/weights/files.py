"""Weight files: PyTorch state_dict (.pt/.pth, .safetensors) and Keras (.weights.h5, .keras).

Writes go to a temporary file in the destination folder, then ``os.replace``: a failed
write never leaves half a file behind. A file that is not what its name says (empty, corrupt,
truncated, of the other framework, a pickle that needs code to load) is an NnportError.
"""
from __future__ import annotations

import pickle
import re
import warnings
from pathlib import Path

from ..errors import NnportError, SourceLoc
from ..output import check_output, replacing

TORCH_SUFFIXES = (".pt", ".pth", ".bin", ".safetensors")
KERAS_SUFFIXES = (".weights.h5", ".keras")


def framework_of_file(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(TORCH_SUFFIXES):
        return "torch"
    if name.endswith(KERAS_SUFFIXES):
        return "keras"
    raise NnportError(f"unknown weight file type; use one of {TORCH_SUFFIXES + KERAS_SUFFIXES}", SourceLoc(str(path)))


def check_readable(path: Path, framework: str) -> None:
    """Before any code runs: ``path`` is a weight file of ``framework`` that reads (the Keras
    ones as far as their container tells: an HDF5 or zip file that opens)."""
    where = SourceLoc(str(path))
    if framework_of_file(path) != framework:
        raise NnportError(f"a {framework_of_file(path)} weight file cannot load into a {framework} model", where)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NnportError(f"cannot read: {exc.strerror or exc}", where) from None
    if size == 0:
        raise NnportError("the file is empty", where)
    if framework == "torch":
        _torch_state(path)
        return
    try:
        if path.name.lower().endswith(".keras"):
            import zipfile

            zipfile.ZipFile(path).close()
        else:
            import h5py

            h5py.File(path, "r").close()
    except ModuleNotFoundError:
        return  # Keras says what is wrong when it loads the file
    except Exception as exc:  # noqa: BLE001 - whatever the reader says, the file is not a weight file
        raise NnportError(f"not a readable {'Keras archive' if path.suffix == '.keras' else 'HDF5 file'}: "
                          f"{_first_line(exc)}", where) from None


def load_into(model, framework: str, path: Path) -> None:
    """Load a weight file into a built model of ``framework``."""
    check_readable(path, framework)
    try:
        if framework == "torch":
            model.load_state_dict(_torch_state(path), strict=True)
        else:
            model.load_weights(str(path))
    except NnportError:
        raise
    except Exception as exc:  # noqa: BLE001 - the user's file and the user's model disagree
        raise NnportError(f"the weights do not fit the model: {_first_line(exc)}", SourceLoc(str(path))) from None


def _torch_state(path: Path) -> dict:
    where = SourceLoc(str(path))
    try:
        if path.suffix == ".safetensors":
            from safetensors.torch import load_file

            return load_file(str(path))
        import torch

        with warnings.catch_warnings():  # e.g. "Detected pickle protocol 4": the error says what matters
            warnings.simplefilter("ignore")
            state = torch.load(str(path), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        found = re.search(r"WeightsUnpickler error:\s*(.+?)(?:\.\s|\n\n|$)", str(exc), re.DOTALL)
        why = " ".join((found.group(1) if found else _first_line(exc)).split())
        raise NnportError(f"not a PyTorch state_dict that loads without running code (torch.load with "
                          f"weights_only=True refused it: {why}); save model.state_dict() with torch.save",
                          where) from None
    except ModuleNotFoundError:
        raise
    except Exception as exc:  # noqa: BLE001 - EOFError, a corrupt zip or header: not a weight file
        kind = "safetensors" if path.suffix == ".safetensors" else "PyTorch"
        raise NnportError(f"not a readable {kind} weight file: {type(exc).__name__}: {_first_line(exc)}",
                          where) from None
    if not isinstance(state, dict):
        raise NnportError(f"expected a state_dict (a dict of tensors), found {type(state).__name__}", where)
    return state


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def check_writable(path: Path, framework: str, source: Path | None = None) -> None:
    """Before any code runs: ``path`` names a weight file of ``framework`` that may be written."""
    if framework_of_file(path) != framework:
        raise NnportError(f"{path.name}: a {framework} model's weights need one of "
                          f"{TORCH_SUFFIXES if framework == 'torch' else KERAS_SUFFIXES}", SourceLoc(str(path)))
    check_output(path, source)


def save(model, framework: str, path: Path, source: Path | None = None) -> None:
    """Write the model's weights to ``path`` atomically, in the format its suffix names."""
    check_writable(path, framework, source)
    suffix = ".weights.h5" if path.name.endswith(".weights.h5") else path.suffix  # Keras checks the suffix
    with replacing(path, source, suffix) as tmp:
        _write(model, framework, tmp)


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
