"""Executing user code: import a .py as a module (its ``__main__`` block does not run) and
build the model object the pivot model names. This is the only place nnport runs user code.
"""
from __future__ import annotations

import hashlib
import importlib.util
import inspect
import sys
import traceback
import warnings
from pathlib import Path

from ..errors import NnportError, SourceLoc
from . import placeholders
from .frameworks import import_keras


def import_file(path: str | Path, framework: str | None = None):
    """Execute ``path`` as a fresh module named ``nnport_user_<hash>`` (so ``__main__`` blocks
    are skipped). A Keras file starts from a clear session so auto layer names match the IR.
    A data-only library that fails to import is replaced by a placeholder, with a warning."""
    path = Path(path).resolve()
    roots: set[str] = set()
    while True:
        try:
            with placeholders.replaced(roots):
                return _execute(path, framework)
        except NnportError:
            raise
        except Exception as exc:
            root = placeholders.failed_data_library(exc, path)
            loc = _failure_loc(exc, path)
            if root is None or root in roots:
                raise NnportError(f"running the file failed: {type(exc).__name__}: {exc}", loc) from exc
            roots.add(root)
            warnings.warn_explicit(f"{root} could not be imported ({type(exc).__name__}: {exc}); the model is "
                                   f"built with a placeholder {root} that raises if the network uses it",
                                   placeholders.PlaceholderWarning, str(path), loc.line or 1)


def _execute(path: Path, framework: str | None):
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
    except BaseException:
        sys.modules.pop(name, None)
        raise
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
            options = "--migrated-model or --migrated-factory" if what == "migrated model" else "--model or --factory"
            raise NnportError(f"building the {what} as {factory!r} failed: {type(exc).__name__}: {exc} "
                              f"({options})", where) from exc
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


def source_model(path, pivot, factory: str | None = None):
    """Execute the source file and build its model: ``factory``, else the expression the
    frontend found building it (``AlexNet(num_classes=10)``, ``vgg16()``, ``model``)."""
    module = import_file(path, pivot.source.framework)
    return instantiate(module, pivot.main, factory or pivot.source.model_expr or None)


def migrated_model(path, framework: str, plan_expr: str, name: str | None = None, factory: str | None = None):
    """Execute the migrated file and build its model: ``factory``, ``name``, else the expression
    the backend's plan gives (``AlexNet()``, ``build_alexnet()``)."""
    module = import_file(path, framework)
    if not (factory or name) and plan_expr.split("(")[0] not in vars(module):
        plan_expr = _last_network(module) or plan_expr  # written with other names or options
    return instantiate(module, name, factory or (None if name else plan_expr), "migrated model")


def _last_network(module) -> str | None:
    """``Main()`` / ``build_main()`` for the network class or builder defined last in a generated
    file (nnport writes sub-networks first, the main network last)."""
    own = [(inspect.getsourcelines(value)[1], key) for key, value in vars(module).items()
           if getattr(value, "__module__", None) == module.__name__ and _builds_network(key, value)]
    return f"{max(own)[1]}()" if own else None


def _builds_network(key: str, value) -> bool:
    return (inspect.isclass(value) and _is_network(value)) or (inspect.isfunction(value) and key.startswith("build_"))


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


def run_model(model, framework: str, inputs, what: str = "model"):
    """One forward pass in inference mode (eval / training=False) on numpy inputs."""
    shapes = ", ".join(str(tuple(a.shape)) for a in inputs)
    try:
        return _forward(model, framework, inputs)
    except Exception as exc:
        raise NnportError(f"running the {what} on inputs of shape {shapes} failed: "
                          f"{type(exc).__name__}: {exc}") from exc


def _forward(model, framework: str, inputs):
    import numpy as np

    if framework == "torch":
        import torch

        model.eval()
        with torch.no_grad():
            return model(*(torch.from_numpy(np.ascontiguousarray(a)) for a in inputs))
    return model(inputs[0] if len(inputs) == 1 else list(inputs), training=False)


def load_pivot(source, read):
    """The static front half of a migration, in-process: pivot model with shapes inferred. Input
    axes the source leaves open get concrete sizes every layer accepts (``pivot.notes`` says which)."""
    import copy

    from .. import api
    from ..errors import Reporter
    from ..passes.shapes import infer_shapes
    from ..passes.symbolic import concrete_inputs, open_sizes

    reporter = Reporter()
    raw = api.load(source, read, reporter)
    pivot = copy.deepcopy(raw)
    infer_shapes(pivot, reporter)
    if reporter.errors:
        raise NnportError("cannot read the source", diagnostics=reporter.errors)
    if not open_sizes(pivot):
        return pivot
    found = concrete_inputs(raw, pivot, infer_shapes)
    if found is None:
        raise NnportError(f"{', '.join(open_sizes(pivot))}: no sizes found that every layer accepts; "
                          "give --input-shape")
    pivot, pivot.notes = found
    return pivot
