"""Executing user code: import a .py as a module (its ``__main__`` block does not run) and
build the model object the pivot model names. This is the only place nnport runs user code.
"""
from __future__ import annotations

import hashlib
import importlib.util
import inspect
import sys
import traceback
from pathlib import Path

from ..errors import NnportError, SourceLoc
from .frameworks import import_keras


def import_file(path: str | Path, framework: str | None = None):
    """Execute ``path`` as a fresh module named ``nnport_user_<hash>`` (so ``__main__`` blocks
    are skipped). A Keras file starts from a clear session so auto layer names match the IR."""
    path = Path(path).resolve()
    if framework == "keras":
        import_keras().backend.clear_session()
    name = "nnport_user_" + hashlib.sha1(str(path).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise NnportError("cannot import this file as Python", SourceLoc(str(path)))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look the module up
    sys.path.insert(0, str(path.parent))  # the file may import its neighbours
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(name, None)
        raise NnportError(f"running the file failed: {type(exc).__name__}: {exc}", _failure_loc(exc, path)) from exc
    finally:
        sys.path.remove(str(path.parent))
    return module


def _failure_loc(exc: BaseException, path: Path) -> SourceLoc:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == path]
    if frames:
        return SourceLoc(str(path), frames[-1].lineno or 0, getattr(frames[-1], "colno", None) or 0)
    return SourceLoc(str(path))


def instantiate(module, name: str | None, factory: str | None = None, what: str = "model"):
    """The model object: ``factory`` evaluated in the module, else ``name`` (a class or builder
    called with its defaults, or a model object itself)."""
    where = SourceLoc(getattr(module, "__file__", "") or "")
    if factory:
        try:
            return eval(factory, vars(module))  # the user's own expression, in their module
        except Exception as exc:
            raise NnportError(f"--factory {factory!r} failed: {type(exc).__name__}: {exc}", where) from exc
    if not name or not hasattr(module, name):
        raise NnportError(f"no {what} named {name!r}; candidates: {', '.join(candidates(module)) or 'none'} "
                          "(use --model or --factory)", where)
    obj = getattr(module, name)
    if not (inspect.isclass(obj) or inspect.isfunction(obj)):
        return obj
    built = [v for v in vars(module).values() if inspect.isclass(obj) and type(v) is obj]
    if len(built) == 1:
        return built[0]  # the instance the file itself builds (its arguments are what the IR read)
    try:
        return obj()
    except Exception as exc:
        raise NnportError(f"{name}() failed: {type(exc).__name__}: {exc} (use --factory to give arguments)",
                          where) from exc


def candidates(module) -> list[str]:
    """Names in the module that look like models: nn.Module / keras Layer classes defined
    there, and model objects at module level."""
    found = []
    for key, value in vars(module).items():
        if key.startswith("_"):
            continue
        own_class = inspect.isclass(value) and value.__module__ == module.__name__
        if (own_class and _is_network(value)) or (not inspect.isclass(value) and _is_network(type(value))):
            found.append(key)
    return sorted(found)


def _is_network(cls) -> bool:
    return any(c.__module__.split(".")[0] in ("torch", "keras") and c.__name__ in ("Module", "Layer", "Model")
               for c in cls.__mro__)


def run_model(model, framework: str, inputs):
    """One forward pass in inference mode (eval / training=False) on numpy inputs."""
    import numpy as np

    if framework == "torch":
        import torch

        model.eval()
        with torch.no_grad():
            return model(*(torch.from_numpy(np.ascontiguousarray(a)) for a in inputs))
    return model(inputs[0] if len(inputs) == 1 else list(inputs), training=False)


def load_pivot(source, read):
    """The static front half of a migration, in-process: pivot model with shapes inferred."""
    from .. import api
    from ..errors import Reporter
    from ..passes.shapes import infer_shapes

    reporter = Reporter()
    pivot = api.load(source, read, reporter)
    infer_shapes(pivot, reporter)
    if reporter.errors:
        raise NnportError("cannot read the source", diagnostics=reporter.errors)
    return pivot
