"""A learning rate set by hand in the epoch loop (``param_group["lr"] = lr``), read as the
schedule it amounts to.

The loop body is run statically for every epoch (constants, ``if`` tests on the epoch, the
file's own helpers such as ``update_lr(optimizer, lr)`` / ``adjust_learning_rate(optimizer,
epoch)``), skipping what trains; the rate in force when an epoch trains is that epoch's rate.
The rates are then named as the torch scheduler giving every one of them (StepLR, ExponentialLR,
MultiStepLR); where none does, or a statement that sets the rate cannot be run statically,
that is reported.
"""
from __future__ import annotations

import ast
import math

from ...ir.training import Component
from ..common import NotConstant, Scope, evaluate
from ..common.constants import binary
from .source import SourceFile

MAX_EPOCHS = 10_000


class NotStatic(Exception):
    def __init__(self, node: ast.AST, why: str):
        super().__init__(why)
        self.node, self.why = node, why


class LrDecay:
    def __init__(self, src: SourceFile, scope: Scope, trains):
        self.src, self.scope, self.trains = src, scope, trains  # trains(stmt): the statement trains

    def read(self, loop: ast.For, epochs: int, lr: float) -> list[float] | None:
        """The rate of each epoch, or None when nothing in the loop sets it."""
        if not self._sets_rate(loop) or not 0 < epochs <= MAX_EPOCHS:
            return None
        env = self.scope.child()
        state = {"lr": lr, "epoch": None, "rates": []}
        target = loop.target.id if isinstance(loop.target, ast.Name) else None
        for epoch in evaluate(loop.iter, self.scope):
            if target:
                env.values[target] = epoch
            state["trained"] = False
            self._run(loop.body, env, state)
            if not state["trained"]:
                raise NotStatic(loop, "the statement of the epoch loop that trains is not found")
        return state["rates"]

    def _sets_rate(self, root: ast.AST) -> bool:
        for node in ast.walk(root):
            if _writes_rate(node):
                return True
            helper = node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None
            if helper in self.src.functions and any(_writes_rate(n) for n in ast.walk(self.src.functions[helper])):
                return True
        return False

    def _run(self, body: list[ast.stmt], env: Scope, state: dict) -> None:
        for stmt in body:
            if self.trains(stmt):
                if not state["trained"]:
                    state["rates"].append(state["lr"])
                state["trained"] = True
            elif isinstance(stmt, ast.If):
                self._run(stmt.body if self._value(stmt.test, env) else stmt.orelse, env, state)
            elif isinstance(stmt, (ast.Assign, ast.AugAssign)):
                self._assign(stmt, env)
            elif isinstance(stmt, ast.For) and _over_param_groups(stmt):
                self._param_groups(stmt, env, state)
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                self._call(stmt.value, env, state)
            elif self._sets_rate(stmt):
                raise NotStatic(stmt, f"`{_first_line(stmt)}` sets the learning rate in a way not read statically")

    def _assign(self, stmt, env: Scope) -> None:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
        if not isinstance(target, ast.Name):
            if _writes_rate(stmt):
                raise NotStatic(stmt, f"`{_first_line(stmt)}` sets the learning rate outside a param_groups loop")
            return
        try:
            value = self._value(stmt.value, env)
            if isinstance(stmt, ast.AugAssign):
                value = _binary(ast.BinOp(target, stmt.op, stmt.value), self._value(target, env), value)
            env.values[target.id] = value
        except NotStatic:
            env.values.pop(target.id, None)  # not a constant: a later use of it is reported

    def _param_groups(self, loop: ast.For, env: Scope, state: dict) -> None:
        """``for g in optimizer.param_groups: g["lr"] = ...``."""
        name = loop.target.id if isinstance(loop.target, ast.Name) else None
        group = {"lr": state["lr"]}
        inner = env.child({name: group} if name else {})
        for stmt in loop.body:
            if isinstance(stmt, (ast.Assign, ast.AugAssign)) and _writes_rate(stmt):
                value = self._value(stmt.value, inner)
                if isinstance(stmt, ast.AugAssign):
                    value = _binary(ast.BinOp(stmt.target, stmt.op, stmt.value), group["lr"], value)
                group["lr"] = value
            elif not isinstance(stmt, ast.Pass):
                raise NotStatic(stmt, f"`{_first_line(stmt)}` in the loop over param_groups is not read")
        if not isinstance(group["lr"], (int, float)):
            raise NotStatic(loop, "the learning rate set is not a number")
        state["lr"] = float(group["lr"])

    def _call(self, call: ast.Call, env: Scope, state: dict) -> None:
        """A helper of the file that sets the rate: its body, with its parameters bound."""
        fn = self.src.functions.get(call.func.id) if isinstance(call.func, ast.Name) else None
        if fn is None or not self._sets_rate(fn):
            if self._sets_rate(call):
                raise NotStatic(call, f"`{ast.unparse(call)}` sets the learning rate in a way not read statically")
            return
        params = [a.arg for a in fn.args.args]
        defaults = dict(zip(params[len(params) - len(fn.args.defaults):], fn.args.defaults))
        inner = self.scope.child()
        for name, expr in defaults.items():
            inner.values[name] = self._value(expr, self.scope, quiet=True)
        for name, expr in [*zip(params, call.args), *((k.arg, k.value) for k in call.keywords)]:
            inner.values[name] = self._value(expr, env, quiet=True)
        self._run(fn.body, inner, state)

    def _value(self, expr: ast.expr, env: Scope, quiet: bool = False):
        try:
            return evaluate(expr, env)
        except (NotConstant, TypeError, ValueError, KeyError, IndexError, ZeroDivisionError, AttributeError):
            if quiet:
                return None  # an argument such as the optimizer: only its use would matter
            raise NotStatic(expr, f"`{ast.unparse(expr)}` is not known statically") from None


def _binary(node: ast.BinOp, left, right):
    """``lr /= 0`` fails in Python: the rate is not known statically (the loop is reported)."""
    try:
        return binary(node, left, right)
    except NotConstant as exc:
        raise NotStatic(node, exc.why) from None


def schedule(rates: list[float]) -> Component | None:
    """The torch scheduler (per epoch, from rates[0]) giving every rate; None when none does."""
    first = rates[0]
    changes = [e for e in range(1, len(rates)) if not _close(rates[e], rates[e - 1])]
    if not changes:
        return None
    gamma = rates[changes[0]] / first

    def fits(rate) -> bool:
        return all(_close(r, first * rate(e)) for e, r in enumerate(rates))

    step = changes[0]
    if fits(lambda e: gamma ** (e // step)):
        return Component("exponential_lr", {"gamma": gamma}) if step == 1 else \
            Component("step_lr", {"step_size": step, "gamma": gamma})
    if fits(lambda e: gamma ** sum(1 for m in changes if m <= e)):
        return Component("multi_step_lr", {"milestones": tuple(changes), "gamma": gamma})
    return None


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-15)


def _writes_rate(node: ast.AST) -> bool:
    """``g["lr"] = ...`` / ``g["lr"] *= ...``."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AugAssign) else []
    return any(isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and t.slice.value == "lr"
               for t in targets)


def _over_param_groups(loop: ast.For) -> bool:
    return isinstance(loop.iter, ast.Attribute) and loop.iter.attr == "param_groups"


def _first_line(stmt: ast.AST) -> str:
    return ast.unparse(stmt).split("\n")[0]
