"""Executing user code: run a .py (or a notebook's code cells) as a module and build the model
object the pivot model names. This is the only place nnport runs user code.

Given the expressions that build the model (``needs``), only the statements the network needs
run (``slicing``): module-level data loading, training, plotting, printing and the ``__main__``
block do not. A value the network needs that only skipped code computes is named, with where it
comes from and how to give it, instead of a ``NameError`` traceback.
"""
from __future__ import annotations

import ast
import hashlib
import importlib.machinery
import inspect
import linecache
import re
import sys
import traceback
import types
import warnings
from pathlib import Path

from ..errors import NnportError, SourceLoc
from ..frontends.keras.legacy import modernize
from . import flags, placeholders, slicing
from .frameworks import fresh_keras_names, import_keras

_SLICES: dict[str, slicing.Slice] = {}  # module name -> what was skipped running it (explains NameErrors)


def import_file(path: str | Path, framework: str | None = None, needs: list[str] | None = None,
                values: dict[str, str] | None = None, what: str = "model", replaced: dict | None = None):
    """Execute ``path`` as a fresh module named ``nnport_user_<hash>`` (so ``__main__`` blocks
    are skipped). A Keras file starts from a clear session so auto layer names match the IR.
    A data-only library that fails to import is replaced by a placeholder, with a warning.

    ``needs``: expressions to be evaluated in the module (``Net()``, ``model``); when given, only
    the statements they need run (``slicing.slice_module``), and ``values`` (name -> Python
    literal) replace the statements computing those names; ``replaced`` ((line, col, end line,
    end col) -> name) puts those names in place of the expressions there. The module's
    ``__nnport_slice__`` says what was skipped."""
    path = Path(path).resolve()
    roots: set[str] = set()
    while True:
        relaxed: list[tuple[str, int]] = []
        try:
            with placeholders.replaced(roots), flags.relaxed(path, relaxed):
                return _execute(path, framework, needs, values, replaced, relaxed)
        except NnportError:
            raise
        except SystemExit as exc:
            raise NnportError(f"running the file failed: it exits (SystemExit: {exc.code}){_ran(relaxed)}",
                              _failure_loc(exc, path)) from None
        except Exception as exc:
            explained = explain(exc, what)
            if explained is not None:
                raise explained from None
            root = placeholders.failed_data_library(exc, path)
            loc = _failure_loc(exc, path)
            if root is None or root in roots:
                raise NnportError(f"running the file failed: {type(exc).__name__}: {exc}{_ran(relaxed)}",
                                  loc) from exc
            roots.add(root)
            warnings.warn_explicit(f"{root} could not be imported ({type(exc).__name__}: {exc}); the model is "
                                   f"built with a placeholder {root} that raises if the network uses it",
                                   placeholders.PlaceholderWarning, str(path), loc.line or 1)


def _ran(relaxed: list[tuple[str, int]]) -> str:
    return f" (the file was {flags.describe(relaxed)})" if relaxed else ""


def source_text(path: Path) -> tuple[str, list[tuple[int, int]]]:
    """The Python a file holds, and for a notebook where each code cell starts in it (its code
    cells joined as the migration reads them: ``# cell N`` headers, IPython lines made ``pass``)."""
    from ..reading import read_source

    text = read_source(path)
    if path.suffix != ".ipynb":
        return text, []
    from ..frontends.notebook import code_of

    text = code_of(text, str(path))
    cells, lines = [], text.split("\n")
    for number, line in enumerate(lines, start=1):
        found = re.fullmatch(r"# cell (\d+)", line)
        if found and (number == 1 or lines[number - 2] == "") and (not cells or int(found[1]) > cells[-1][1]):
            cells.append((number, int(found[1])))
    return text, cells


def _execute(path: Path, framework: str | None, needs: list[str] | None, values: dict[str, str] | None,
             replaced: dict | None = None, relaxed: list | None = None):
    if framework == "keras":
        import_keras().backend.clear_session()
    name = "nnport_user_" + hashlib.sha1(str(path).encode()).hexdigest()[:12]
    text, cells = source_text(path)
    if cells:  # tracebacks and inspect show the joined cells, not the notebook's JSON
        linecache.cache[str(path)] = (len(text), None, text.splitlines(True), str(path))
    try:
        tree = ast.parse(text, str(path))
    except SyntaxError as exc:
        raise NnportError(f"cannot run this file as Python: {exc.msg}",
                          SourceLoc(str(path), exc.lineno or 0, exc.offset or 0)) from None
    if replaced:
        tree = _Replace(replaced).visit(tree)
    if framework == "keras":  # Keras 1 / 2 spellings run as the Keras 3 code the reader read
        tree = modernize(tree)[0]
    sliced = None
    if needs is not None or values:
        sliced = slicing.slice_module(tree, [n for n in needs or [] if n], values, cells, text.splitlines(),
                                      keras_names=framework == "keras")
        tree = sliced.tree
    code = compile(tree, str(path), "exec", dont_inherit=True)
    module = types.ModuleType(name)
    module.__file__ = str(path)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None, origin=str(path))
    module.__nnport_slice__ = sliced
    if sliced is not None and relaxed is not None:
        sliced.flags = relaxed  # filled while it runs
    if framework == "keras":
        module.__dict__[slicing.AUTO_NAMES] = _auto_names
    sys.modules[name] = module  # dataclasses and pickling look the module up
    if sliced is not None:
        _SLICES[name] = sliced
    sys.path.insert(0, str(path.parent))  # the file may import its neighbours
    argv, sys.argv = sys.argv, [str(path)]  # argparse at module level reads its defaults, not nnport's flags
    try:
        exec(code, module.__dict__)  # noqa: S102 - the user's own file, run on their request
    except BaseException:
        sys.modules.pop(name, None)
        raise
    finally:
        sys.argv = argv
        sys.path.remove(str(path.parent))
    return module


def _auto_names(prefixes) -> None:
    """Advance Keras's automatic-name counters as a skipped statement's layers would have."""
    keras = import_keras()
    for prefix in prefixes:
        keras.backend.get_uid(prefix)


def explain(exc: BaseException, what: str = "model") -> NnportError | None:
    """The NnportError for a NameError of a value only skipped statements compute; else None.
    It names the value to give (``input_shape``, computed from the data), where it is computed
    and the skipped statement it needs, and how to give it."""
    if not isinstance(exc, NameError) or not getattr(exc, "name", None):
        return None
    for frame, line in reversed(list(traceback.walk_tb(exc.__traceback__))):
        found = _SLICES.get(frame.f_globals.get("__name__"))
        if found is None or exc.name not in found.dropped:
            continue
        path = frame.f_globals.get("__file__") or frame.f_code.co_filename
        dropped = found.dropped[exc.name]
        if dropped.given:
            name, at, text = dropped.given
            root_line, kind, root_text = dropped.origin
            source = f", which the file computes from {kind} ({found.where(root_line)}: `{root_text}`)"
        else:
            name, at, kind, text = exc.name, dropped.line, dropped.kind, dropped.text
            source = f", which the file sets only in {_kind_phrase(kind)}"
        needs = f"needs {name!r} ({_cell(found, at)}: `{text}`)"  # the value to give, not the last name read
        fixes = ("build it with --migrated-factory EXPR" if what == "migrated model" else
                 f"give the value with --set {name}=VALUE (a Python literal), or build the model with --factory EXPR")
        return NnportError(f"the {what} {needs}{source}; nnport runs only the statements that build the network, "
                           f"not {_kind_phrase(kind)}: {fixes}", SourceLoc(str(path), at, 0))
    return None


def _kind_phrase(kind: str) -> str:
    return "the __main__ block" if kind == slicing.MAIN_BLOCK else kind


def _cell(found: slicing.Slice, line: int) -> str:
    """``line 6`` in a script; ``cell 2, line 3`` in a notebook (the line within the cell)."""
    if not found.cells:
        return f"line {line}"
    start = max((s for s, _ in found.cells if s <= line), default=0)
    return f"cell {found.cell_of(line)}, line {line - start}"


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
            explained = explain(exc, what)
            if explained is not None:
                raise explained from None
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
        explained = explain(exc, what)
        if explained is not None:
            raise explained from None
        raise NnportError(f"{name}() failed: {type(exc).__name__}: {exc} (use --factory to give arguments)",
                          where) from exc


def source_model(path, pivot, factory: str | None = None, values: dict[str, str] | None = None,
                 skipped: dict | None = None, replaced: dict | None = None):
    """Execute the statements of the source file that build its model, and build it: ``factory``,
    else the expression the frontend found building it (``AlexNet(num_classes=10)``, ``vgg16()``,
    ``model``). ``values`` replace what the file computes for those names (``--set``);
    ``skipped["source"]`` gets the ``slicing.Slice`` of what did not run."""
    expr = factory or pivot.source.model_expr or None
    try:
        return _built(path, pivot, expr, values, skipped, replaced)
    except NnportError as exc:
        fallback = pivot.class_expr
        if factory or not fallback or fallback == expr:
            raise
        # the builder cannot run here (it needs what relative imports give): its class, with the
        # arguments the builder passes, is the network that was read and migrated
        built = _built(path, pivot, fallback, values, skipped, replaced)
        pivot.notes.append(f"the source model is built as {fallback}, what {expr} builds, since the builder "
                           f"cannot run here: {exc.diagnostics[0].message}")
        return built


def _built(path, pivot, expr, values, skipped, replaced):
    module = import_file(path, pivot.source.framework, [expr or pivot.main], values, replaced=replaced)
    if skipped is not None:
        skipped["source"] = module.__nnport_slice__
    if pivot.source.framework == "keras" and _is_call(expr):
        fresh_keras_names()
    return instantiate(module, pivot.main, expr)


def _is_call(expr: str | None) -> bool:
    try:
        return expr is not None and isinstance(ast.parse(expr.strip(), mode="eval").body, ast.Call)
    except SyntaxError:
        return False


def migrated_model(path, framework: str, plan_expr: str, name: str | None = None, factory: str | None = None,
                   skipped: dict | None = None, sizes: dict[str, str] | None = None):
    """Execute the statements of the migrated file that build its model, and build it: ``factory``,
    ``name``, else the expression the backend's plan gives (``AlexNet()``, ``build_alexnet()``),
    given the ``sizes`` (name -> literal) its parameters name; ``skipped["migrated"]`` gets what
    did not run."""
    module = import_file(path, framework, [factory or name or plan_expr], what="migrated model")
    if skipped is not None:
        skipped["migrated"] = module.__nnport_slice__
    if not (factory or name) and plan_expr.split("(")[0] not in vars(module):
        plan_expr = _last_network(module) or plan_expr  # written with other names or options
    if sizes and not (factory or name):
        plan_expr = _with_sizes(module, plan_expr, sizes)
    return instantiate(module, name, factory or (None if name else plan_expr), "migrated model")


def _with_sizes(module, expr: str, sizes: dict[str, str]) -> str:
    """``CharLSTM()`` -> ``CharLSTM(vocab_size=16)``: the open sizes its constructor takes (a
    file migrated with --set takes none)."""
    callee = vars(module).get(expr.split("(")[0])
    try:
        params = inspect.signature(callee).parameters if callee is not None else {}
    except (TypeError, ValueError):
        return expr
    given = [f"{n}={sizes[n]}" for n in params if n in sizes]
    return f"{expr.split('(')[0]}({', '.join(given)})" if given and expr.endswith("()") else expr


class _Replace(ast.NodeTransformer):
    """The expressions at given places replaced by names (open sizes given a value)."""

    def __init__(self, replaced: dict):
        self.replaced = replaced

    def generic_visit(self, node):
        span = (getattr(node, "lineno", None), getattr(node, "col_offset", None),
                getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None))
        if isinstance(node, ast.expr) and span in self.replaced:
            return ast.copy_location(ast.Name(self.replaced[span], ast.Load()), node)
        return super().generic_visit(node)


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
        explained = explain(exc, what)
        if explained is not None:
            raise explained from None
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
