"""The Keras reader: runs a file's statements statically and collects models, training, data."""
from __future__ import annotations

import ast
import collections
import re

from ...errors import Reporter
from ..common import Imports, Scope, loc_of
from ..common.program import argparse_namespaces
from .calls import CallsMixin
from .env import Env
from .expressions import ExpressionsMixin
from .layers import LayersMixin
from ..common.open_values import OpenValues
from .models import ModelLike
from .open_sizes import OpenSizesMixin
from .networks import NetworksMixin
from .statements import StatementsMixin
from .trace import Trace
from .training import TrainingMixin
from .values import Opaque, Tensor


class Reader(StatementsMixin, ExpressionsMixin, CallsMixin, LayersMixin, NetworksMixin, TrainingMixin,
             OpenSizesMixin):
    def __init__(self, tree: ast.Module, path: str, reporter: Reporter, given: dict | None = None):
        self.tree, self.path, self.reporter = tree, path, reporter
        self.opens = OpenValues(path, given)  # sizes known only at run time (open_sizes.py)
        self.open_names: dict[int, tuple] = {}  # id(Opaque) -> (module-level name first bound to it, it)
        self.dataset_shape_read = None  # the loader whose sample shape the statement read
        self._bindings = None
        self.imports = Imports(tree)
        self.env = Env()
        self.env.set("__name__", "__main__")
        self.functional = Trace()  # Input() ... layer calls at any level record here
        self.networks = {}
        self.training = None
        self.trained = None  # the model compile/fit/a training loop used
        self.datasets = []
        self.left_out: list[dict] = []  # training / data code not translated (TrainingMixin.leave)
        self.models: list[tuple[str, ModelLike]] = []  # (variable, model) in assignment order
        self.name_uids = collections.defaultdict(int)
        self.depth = 0
        self.forward = 0
        self._reported: set = set()
        self._error_lines: set[int] = set()

    def run(self) -> None:
        self.flags_at = {id(node): (name, flags) for name, flags, node in
                         argparse_namespaces(self.tree, self.imports.qualify, Scope())}
        self.run_block(self.tree.body, self.env)

    # --- services for the mixins ----------------------------------------------------------

    def loc(self, node):
        return loc_of(node, self.path)

    def error(self, node, message: str) -> None:
        message = self.opens.explain(message)  # an argument the file never gives decides the structure
        self._error_lines.add(getattr(node, "lineno", 0))
        self._report(self.reporter.error, node, message)

    def warning(self, node, message: str) -> None:
        self._report(self.reporter.warning, node, message)

    def reported_at(self, node) -> bool:
        """Whether a problem was reported on the line of ``node``."""
        line = getattr(node, "lineno", None)
        return line is not None and any(key[0] == line for key in self._reported)

    def consequence(self, *values) -> bool:
        """Whether a value (or one inside a list or tuple) could not be made because of an error
        already reported (where it was made): what it prevents is not reported again."""
        for value in values:
            if isinstance(value, (list, tuple)) and self.consequence(*value):
                return True
            if isinstance(value, Opaque) and (value.failed or getattr(value.node, "lineno", None) in self._error_lines):
                return True
        return False

    def _report(self, emit, node, message):
        key = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0), message)
        if key not in self._reported:  # a builder called twice reports its problem once
            self._reported.add(key)
            emit(message, self.loc(node))

    def auto_name(self, class_name: str) -> str:
        """The name Keras 3 gives in a fresh session: snake_case, then _1, _2 per base name."""
        base = re.sub(r"\W+", "", class_name)
        base = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", base)
        base = re.sub("([a-z])([A-Z])", r"\1_\2", base).lower()
        count = self.name_uids[base]
        self.name_uids[base] += 1
        return f"{base}_{count}" if count else base

    def in_forward(self, env) -> bool:
        return self.forward > 0

    def builds_model(self, stmt, env) -> bool:
        """``model.add(...)`` on a model being read, or a layer applied to a tensor of one."""
        for node in ast.walk(stmt):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "add" and isinstance(func.value, ast.Name) \
                    and isinstance(env.get(func.value.id, None), ModelLike):
                return True
            if any(isinstance(a, ast.Name) and isinstance(env.get(a.id, None), Tensor) for a in node.args):
                return True
        return False

    def mentions_model(self, stmt, env) -> bool:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(env.get(node.id, None), (ModelLike, Tensor)):
                return True
        return False

    def name_value(self, var: str, value) -> None:
        if isinstance(value, ModelLike):
            if value.var is None:
                value.var = var
            self.models.append((var, value))
