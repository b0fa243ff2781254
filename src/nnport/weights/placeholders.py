"""Stand-ins for data-only libraries a source file imports but its network does not need.

Model files often import torchvision / torchtext / tensorflow_datasets at module level for
their data. When such a library is missing or fails to import (torchvision built for another
torch), the file is executed again with the library replaced by a placeholder module: the
network still builds, and any use of the library raises an error naming it.
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import linecache
import sys
import traceback
import types
from pathlib import Path

DATA_ONLY = ("torchvision", "torchtext", "torchaudio", "tensorflow_datasets", "tensorflow_text", "datasets",
             "pandas", "sklearn", "PIL", "cv2", "matplotlib", "seaborn", "tqdm")


class PlaceholderWarning(UserWarning):
    """A data-only library was replaced by a placeholder to build the model."""


def _unavailable(dotted: str) -> ModuleNotFoundError:
    root = dotted.split(".")[0]
    return ModuleNotFoundError(f"{dotted} was used, but {root} could not be imported; nnport replaced it with a "
                               f"placeholder to build the model (install a {root} that imports to use it)",
                               name=root)


class _Missing:
    """Any attribute of a placeholder module: using it (calling, subclassing) raises."""

    def __init__(self, dotted: str):
        self._dotted = dotted

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Missing(f"{self._dotted}.{name}")

    def __call__(self, *args, **kwargs):
        raise _unavailable(self._dotted)

    def __mro_entries__(self, bases):
        raise _unavailable(self._dotted)

    def __iter__(self):
        raise _unavailable(self._dotted)


class PlaceholderModule(types.ModuleType):
    __path__: list = []  # a package: ``import torchvision.transforms`` finds submodules here too

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Missing(f"{self.__name__}.{name}")


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, roots: set[str]):
        self.roots = roots

    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in self.roots:
            return importlib.util.spec_from_loader(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        return PlaceholderModule(spec.name)

    def exec_module(self, module):
        pass


def failed_data_library(exc: BaseException, path: Path) -> str | None:
    """The data-only library whose import by ``path`` raised ``exc`` (missing, or failing inside)."""
    frames = [(f.f_code.co_filename, f.f_globals.get("__name__", ""), line)
              for f, line in traceback.walk_tb(exc.__traceback__)]
    own = [i for i, (file, _, _) in enumerate(frames) if Path(file).resolve() == path]
    if not own or not linecache.getline(str(path), frames[own[-1]][2]).lstrip().startswith(("import ", "from ")):
        return None  # the file failed elsewhere than at an import statement
    roots = [(getattr(exc, "name", None) or "").split(".")[0]] if isinstance(exc, ImportError) else []
    roots += [str(module).split(".")[0] for _, module, _ in frames[own[-1] + 1:]]
    return next((r for r in roots if r in DATA_ONLY), None)


class replaced:
    """Context: imports of ``roots`` give placeholders; sys.modules is left as it was found."""

    def __init__(self, roots: set[str]):
        self.finder = _Finder(set(roots))

    def __enter__(self):
        for name in [n for n in sys.modules if n.split(".")[0] in self.finder.roots]:
            del sys.modules[name]  # a half-imported library would be found before the finder
        sys.meta_path.insert(0, self.finder)
        return self

    def __exit__(self, *exc):
        sys.meta_path.remove(self.finder)
        for name in [n for n in sys.modules if isinstance(sys.modules[n], PlaceholderModule)]:
            del sys.modules[name]
