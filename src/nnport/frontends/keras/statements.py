"""Running statements statically: assignments, static loops and branches, defs, returns.

Only what builds models, training and data is followed; a loop or branch that depends on a
tensor value is reported, never guessed.
"""
from __future__ import annotations

import ast
import copy

from ...ir.sizes import OpenSize
from ..common import NotConstant, limits
from ..common.program import changed_names, describe
from .env import Env
from .models import Instance, ModelLike
from .values import Opaque, Tensor, UserClass, UserFunction, is_symbolic, tensors_in

_IGNORED = (ast.Import, ast.ImportFrom, ast.Pass, ast.Global, ast.Nonlocal, ast.Assert, ast.Delete,
            ast.AsyncFunctionDef)


class Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class StatementsMixin:
    def run_block(self, body: list[ast.stmt], env: Env) -> None:
        for stmt in body:
            self.run_statement(stmt, env)

    def run_statement(self, stmt: ast.stmt, env: Env) -> None:
        limits.step(stmt)
        handler = getattr(self, f"_stmt_{type(stmt).__name__}", None)
        if handler is not None:
            try:
                handler(stmt, env)
            except OpenSize as exc:  # a size known only at run time where its value is needed
                self.error(stmt, str(exc))
        elif not isinstance(stmt, _IGNORED):
            self.skipped(stmt, env, f"{type(stmt).__name__} statement is not read statically")

    def skipped(self, stmt, env, why: str) -> None:
        """Model code must be read whole; other code (plots, prints, saving) may be passed over;
        what it binds or changes is unknown afterwards (a loop filling a dict is not read as empty)."""
        builds = self.builds_model(stmt, env)
        for name in changed_names(stmt):
            if env.get(name, None) is not None and not isinstance(env.get(name), (ModelLike, Tensor)):
                env.set(name, Opaque(name, stmt, f"{name!r} is changed by code that is not read statically "
                                                 f"(line {stmt.lineno})"))
        if self.in_forward(env):
            self.error(stmt, why)
        elif builds:  # the network would miss what it adds
            self.error(stmt, f"{why}; it adds to the model, so the model cannot be read without it")
        elif self.mentions_model(stmt, env):
            self.warning(stmt, f"{why}; it is not part of the migrated code")

    def _stmt_Expr(self, stmt, env):
        self.eval(stmt.value, env)

    def _stmt_Assign(self, stmt, env):
        if id(stmt) in self.flags_at:  # args = parser.parse_args(): the flags at their defaults
            name, flags = self.flags_at[id(stmt)]
            self.warning(stmt, f"{name} = {ast.unparse(stmt.value)} is read with the flags' defaults: "
                               f"{describe(flags)}")
            env.set(name, flags)
            return
        hint = _hint(stmt.targets[0])
        self.dataset_shape_read = None
        value = self.eval(stmt.value, env, hint)
        for target in stmt.targets:
            self.bind(target, value, env, stmt)

    def _stmt_AnnAssign(self, stmt, env):
        if stmt.value is not None:
            self.bind(stmt.target, self.eval(stmt.value, env, _hint(stmt.target)), env, stmt)

    def _stmt_AugAssign(self, stmt, env):
        load = _as_load(stmt.target)
        value = self.eval(ast.copy_location(ast.BinOp(load, stmt.op, stmt.value), stmt), env, _hint(stmt.target))
        self.bind(stmt.target, value, env, stmt)

    def _stmt_FunctionDef(self, stmt, env):
        env.set(stmt.name, UserFunction(stmt, env))

    def _stmt_ClassDef(self, stmt, env):
        base = self.class_base(stmt, env)
        if not base:
            env.set(stmt.name, Opaque(stmt.name, stmt, "not a Keras class"))
            return
        parents = [env.get(b.id, None) for b in stmt.bases if isinstance(b, ast.Name)]
        cls = UserClass(stmt, env, base, parents=[p for p in parents if isinstance(p, UserClass)])
        for item in stmt.body:  # class attributes: expansion = 4, kernel: int = 3
            target = item.targets[0] if isinstance(item, ast.Assign) and len(item.targets) == 1 else \
                item.target if isinstance(item, ast.AnnAssign) and item.value is not None else None
            if isinstance(target, ast.Name):
                cls.attrs[target.id] = self.eval(item.value, env, target.id)
        env.set(stmt.name, cls)


    def _stmt_Return(self, stmt, env):
        raise Return(None if stmt.value is None else self.eval(stmt.value, env, "out"))

    def _stmt_If(self, stmt, env):
        try:
            taken = self.constant(stmt.test, env)
        except NotConstant as exc:
            known = self.eval(stmt.test, env)  # a framework call the frontend answers (image_data_format)
            if isinstance(known, bool):
                self.run_block(stmt.body if known else stmt.orelse, env)
                return
            if self.in_forward(env) or tensors_in(known):
                why = known.why if isinstance(known, Opaque) and known.why != "not a constant" else exc.why
                self.error(stmt.test, f"branch on a value known only at run time ({why}): "
                                      "dynamic control flow cannot be translated")
            else:
                self.skipped(stmt, env, f"branch on {ast.unparse(stmt.test)!r} is not known statically")
            return
        self.run_block(stmt.body if taken else stmt.orelse, env)

    def _stmt_For(self, stmt, env):
        if not self.in_forward(env) and self.is_training_loop(stmt, env):
            self.read_training_loop(stmt, env)
            return
        items = self.eval(stmt.iter, env)
        if isinstance(items, (Tensor, Opaque)) or not isinstance(items, (list, tuple, dict, str)):
            why = f" ({items.why})" if isinstance(items, Opaque) and "--set" in items.why else ""
            self.skipped(stmt, env, f"loop over {ast.unparse(stmt.iter)!r}, whose length is not known statically{why}")
            return
        for item in items:
            self.bind(stmt.target, item, env, stmt)
            if self._loop_body(stmt, env) is _Break:
                return
        self.run_block(stmt.orelse, env)

    def _loop_body(self, stmt, env):
        try:
            self.run_block(stmt.body, env)
        except _Continue:
            return _Continue
        except _Break:
            return _Break
        return None

    def _stmt_Break(self, stmt, env):
        raise _Break()

    def _stmt_Continue(self, stmt, env):
        raise _Continue()

    def _stmt_With(self, stmt, env):
        for item in stmt.items:
            value = self.eval(item.context_expr, env)
            if item.optional_vars is not None:
                self.bind(item.optional_vars, value, env, stmt)
        self.run_block(stmt.body, env)

    def _stmt_Try(self, stmt, env):
        self.run_block(stmt.body + stmt.orelse + stmt.finalbody, env)

    def _stmt_While(self, stmt, env):
        """``while size > 4: ...`` on values known statically (bounded by the reading's step limit)."""
        while True:
            try:
                if not self.constant(stmt.test, env):
                    break
            except NotConstant as exc:
                self.skipped(stmt, env, f"while loop on {ast.unparse(stmt.test)!r}, not known statically ({exc.why})")
                return
            limits.step(stmt)
            if self._loop_body(stmt, env) is _Break:
                return
        self.run_block(stmt.orelse, env)

    def _stmt_Raise(self, stmt, env):
        if self.in_forward(env):
            self.error(stmt, "raise inside the forward computation cannot be translated")

    # --- binding targets ------------------------------------------------------------------

    def bind(self, target: ast.expr, value, env: Env, stmt) -> None:
        if isinstance(target, ast.Name):
            if isinstance(value, Tensor):
                value.trace.hold(value.value, target.id)
            value = self.note_binding(target.id, value, env, stmt)
            self.name_value(target.id, value)
            env.set(target.id, value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            self._unpack(target, value, env, stmt)
        elif isinstance(target, ast.Attribute):
            owner = self.eval(target.value, env)
            if isinstance(owner, Instance):
                owner.attrs[target.attr] = value
            elif is_symbolic(value) and not isinstance(value, Opaque):
                self.skipped(stmt, env, f"cannot follow the assignment to {ast.unparse(target)!r}")
        elif isinstance(target, ast.Subscript):
            container = self.eval(target.value, env)
            try:
                container[self.constant(target.slice, env)] = value
            except (NotConstant, TypeError, KeyError, IndexError):
                self.skipped(stmt, env, f"cannot follow the assignment to {ast.unparse(target)!r}")
        elif isinstance(target, ast.Starred):
            self.bind(target.value, value, env, stmt)

    def _unpack(self, target, value, env, stmt):
        if isinstance(value, Tensor):
            names = [e.id if isinstance(e, ast.Name) else "" for e in target.elts]
            value = value.trace.pieces(value, names) or value
        if isinstance(value, Opaque) or not isinstance(value, (list, tuple)):
            for element in target.elts:
                self.bind(element, Opaque(None, element), env, stmt)
            if isinstance(value, Tensor) or (not isinstance(value, Opaque) and is_symbolic(value)):
                self.skipped(stmt, env, f"cannot unpack {ast.unparse(stmt.value)!r} into {len(target.elts)} values")
            return
        if len(value) != len(target.elts):
            self.error(stmt, f"unpacking {len(value)} values into {len(target.elts)} names")
            return
        for element, item in zip(target.elts, value):
            self.bind(element, item, env, stmt)


def _hint(target: ast.expr) -> str:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, (ast.Tuple, ast.List)) and target.elts:
        return _hint(target.elts[0])
    return "v"


def _as_load(target: ast.expr) -> ast.expr:
    load = copy.deepcopy(target)
    for node in ast.walk(load):
        if hasattr(node, "ctx"):
            node.ctx = ast.Load()
    return load
