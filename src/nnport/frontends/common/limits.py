"""Bounds on reading a source statically: no file makes nnport evaluate without end, build
containers or numbers without end, or recurse past Python's stack.

Each bound is far above what a real model file needs and low enough that reading stays within
seconds and a few hundred MB; each is reported with the place in the source that exceeded it and
the bound's value:

* ``MAX_DEPTH``: syntax nested deeper than this (``nn.Sequential(nn.Sequential(...))`` 150
  deep). Real files nest below 20.
* ``MAX_NESTING``: networks, calls of the file's functions or classes entered within each other
  while reading (a ``forward`` calling itself, a class making an instance of itself, networks
  nested by a loop); fewer where the levels are deep expressions themselves (``STACK_HEADROOM``:
  reading never runs into Python's recursion limit).
* ``MAX_STEPS``: expressions evaluated plus loop iterations run while reading one file. A
  10,000-layer file takes about 100,000.
* ``MAX_ITEMS``: items of one container built by evaluation (``range(10**8)``, ``[0] * 10**9``).
* ``MAX_INT_BITS``: bits of an integer computed by evaluation (``10 ** 10 ** 9``, ``1 << 10**9``).
* ``MAX_LAYERS``: layers of one model, a stacked recurrent layer counting ``num_layers`` times
  (``nn.LSTM(8, 8, num_layers=10**9)``): a 10,000-layer file reads in seconds, and the passes
  after reading grow with the number of layers.

``reading(path)`` opens a budget for one file: after the first bound is exceeded every further
step fails at once (the frontend's recovery, which sees a value it cannot evaluate, ends
quickly), and the read as a whole ends with the bound's diagnostic.
"""
from __future__ import annotations

import ast
import sys
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from ...errors import NnportError, Reporter, SourceLoc
from .constants import NotConstant
from .locations import loc_of

MAX_DEPTH = 100
MAX_NESTING = 25
STACK_HEADROOM = 450  # Python frames kept free below the recursion limit when entering a call: an
#                       expression nested MAX_DEPTH deep takes about 400 to evaluate
MAX_STEPS = 2_000_000
MAX_ITEMS = 1_000_000
MAX_INT_BITS = 4096
MAX_LAYERS = 20_000


class BoundExceeded(NotConstant):
    """Evaluation went past one of the bounds; a ``NotConstant`` so that every caller's handling
    of what cannot be evaluated applies, while ``reading`` reports the bound itself."""


@dataclass
class Budget:
    path: str
    reporter: Reporter | None = None
    steps: int = 0
    layers: int = 0
    depth: int = 0
    exceeded: tuple[SourceLoc, str] | None = None
    reported: int = 0  # diagnostics reported before the bound was exceeded


_BUDGET: ContextVar[Budget | None] = ContextVar("nnport_reading_budget", default=None)


@contextmanager
def reading(path: str, reporter: Reporter | None = None):
    """The budget of reading one file; a bound exceeded inside ends the read with its diagnostic
    (what failed after it, the frontend's recovery included, is a consequence of it: what it
    reported after the bound is dropped)."""
    budget = Budget(str(path), reporter)
    token = _BUDGET.set(budget)
    try:
        yield budget
    except Exception as exc:
        if budget.exceeded is None:
            raise
        raise _bound_error(budget) from exc
    finally:
        _BUDGET.reset(token)
    if budget.exceeded is not None:
        raise _bound_error(budget)


def _bound_error(budget: Budget) -> NnportError:
    if budget.reporter is not None:
        del budget.reporter.diagnostics[budget.reported:]
    return NnportError(budget.exceeded[1], budget.exceeded[0])


def exceed(node: ast.AST | SourceLoc | None, message: str) -> BoundExceeded:
    """Record the first bound exceeded (with its place) and return the exception to raise."""
    budget = _BUDGET.get()
    if budget is not None and budget.exceeded is None:
        budget.exceeded = (node if isinstance(node, SourceLoc) else loc_of(node, budget.path), message)
        budget.reported = len(budget.reporter.diagnostics) if budget.reporter is not None else 0
    return BoundExceeded(None if isinstance(node, SourceLoc) else node, message)


def step(node: ast.AST) -> None:
    """One evaluation step (an expression evaluated, a loop iteration run)."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.steps += 1
        if budget.steps > MAX_STEPS:
            raise exceed(node, f"reading this file statically takes more than {MAX_STEPS:,} evaluation steps "
                               "(a bound of nnport); a loop or comprehension runs too long")


def items(count: int, node: ast.AST) -> None:
    """A container of ``count`` items is about to be built."""
    if count > MAX_ITEMS:
        raise exceed(node, f"{_text(node)} makes {count:,} items; nnport evaluates containers of at most "
                           f"{MAX_ITEMS:,} items")


def int_bits(bits: int, node: ast.AST) -> None:
    """An integer of about ``bits`` bits is about to be computed."""
    if bits > MAX_INT_BITS:
        raise exceed(node, f"{_text(node)} is an integer of about {bits:,} bits; nnport evaluates integers of "
                           f"at most {MAX_INT_BITS:,} bits")


def layers(count: int, node: ast.AST | None, what: str = "") -> None:
    """``count`` more layers in the model being read (a stacked RNN counts each layer)."""
    budget = _BUDGET.get()
    total = count + (budget.layers if budget is not None else 0)
    if budget is not None:
        budget.layers = total
    if count > MAX_LAYERS:
        raise exceed(node, f"{what or _text(node)} makes {count:,} layers; nnport reads models of at most "
                           f"{MAX_LAYERS:,} layers")
    if total > MAX_LAYERS:
        raise exceed(node, f"{what or _text(node)}: the model has more than {MAX_LAYERS:,} layers; nnport reads "
                           "models of at most that many")


@contextmanager
def nested(node: ast.AST | SourceLoc | None, what: str):
    """Entering ``what`` (a network, a function call) within the ones being read."""
    budget = _BUDGET.get()
    if budget is None:
        yield
        return
    budget.depth += 1
    try:
        if budget.depth > MAX_NESTING:
            raise exceed(node, f"{what} is reached through more than {MAX_NESTING} nested calls or networks "
                               "(a bound of nnport; a recursion without end?)")
        if _stack_deeper_than(sys.getrecursionlimit() - STACK_HEADROOM):
            raise exceed(node, f"{what} is reached through calls, networks and expressions nested too deeply to "
                               "read (a bound of nnport; a recursion without end?)")
        yield
    finally:
        budget.depth -= 1


def _stack_deeper_than(frames: int) -> bool:
    """Whether Python's stack holds more than ``frames`` frames (counted in C: cheap)."""
    try:
        sys._getframe(frames)
    except ValueError:
        return False
    return True


def parse(source: str, path: str) -> ast.Module:
    """The syntax tree, or a diagnostic: a syntax error (also those Python finds only when it
    compiles, as ``return`` outside a function), or nesting deeper than ``MAX_DEPTH``."""
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        raise NnportError(f"syntax error: {exc.msg}", SourceLoc(path, exc.lineno or 1, exc.offset or 1)) from None
    except (RecursionError, MemoryError):  # the parser's own limit on nesting
        raise NnportError(f"syntax nested too deeply to read (nnport reads up to {MAX_DEPTH} levels)",
                          SourceLoc(path, 1, 1)) from None
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise NnportError(f"syntax nested more than {MAX_DEPTH} levels deep (a bound of nnport)",
                              loc_of(node, path))
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    with warnings.catch_warnings():  # what Python refuses only when compiling: 'return' outside function ...
        warnings.simplefilter("ignore")
        try:
            compile(tree, path, "exec", dont_inherit=True)
        except SyntaxError as exc:
            raise NnportError(f"syntax error: {exc.msg}", SourceLoc(path, exc.lineno or 1, exc.offset or 1)) from None
    return tree


def _text(node: ast.AST | None, width: int = 60) -> str:
    if node is None:
        return "a value"
    text = ast.unparse(node)
    return text if len(text) <= width else text[:width - 3] + "..."
