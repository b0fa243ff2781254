"""Statements of ``forward`` that decide what is traced: ``if`` on constants or on the run
mode, loops that depend on data, asserts and prints (reported, not translated)."""
from __future__ import annotations

import ast
import copy

from ..common import Scope
from .values import Untranslatable


class ForwardControl:
    """Mixed into the forward tracer, before the shared statement interpreter."""

    def do_If(self, stmt: ast.If, scope: Scope) -> None:
        if _reads_training(stmt.test):
            return self.run_mode_branch(stmt, scope)
        try:
            super().do_If(stmt, scope)
        except Untranslatable as exc:
            if exc.node is stmt.test or exc.node is None or "tensor" in exc.message:
                raise Untranslatable(stmt, f"data-dependent control flow: `if {ast.unparse(stmt.test)}` "
                                           f"cannot be decided statically ({exc.message})") from None
            raise

    def run_mode_branch(self, stmt: ast.If, scope: Scope) -> None:
        """``if self.training:``: the pivot model has one graph, the inference one (what verify
        compares); the branch taken in eval mode is traced and the other reported."""
        eval_mode = scope.child({"self.training": False})
        eval_mode.fallback = scope.fallback
        taken = bool(self.value(stmt.test, eval_mode, "is not a static condition"))
        skipped = stmt.orelse if taken else stmt.body
        if skipped:
            first, last = skipped[0].lineno, skipped[-1].end_lineno
            lines = f"line {first}" if first == last else f"lines {first}-{last}"
            self.src.reporter.warning(f"`if {ast.unparse(stmt.test)}`: the training-mode branch ({lines}) is not "
                                      f"translated; the translation runs the eval-mode branch in both modes",
                                      self.src.loc(stmt))
        self.run(stmt.body if taken else stmt.orelse, scope)

    def eval_mode_expressions(self, stmt: ast.stmt, scope: Scope) -> ast.stmt:
        """``a if self.training else b`` replaced by the operand taken in eval mode (reported),
        the expression form of ``run_mode_branch``."""
        if not any(isinstance(n, ast.IfExp) and _reads_training(n.test) for n in ast.walk(stmt)):
            return stmt
        eval_mode = scope.child({"self.training": False})
        eval_mode.fallback = scope.fallback

        def choose(node: ast.IfExp) -> ast.expr:
            taken = bool(self.value(node.test, eval_mode, "is not a static condition"))
            skipped = node.orelse if taken else node.body
            self.src.reporter.warning(f"`{ast.unparse(node)}`: the training-mode operand `{ast.unparse(skipped)}` is "
                                      f"not translated; the translation uses the eval-mode one in both modes",
                                      self.src.loc(node))
            return node.body if taken else node.orelse

        return _RunModeExpressions(choose).visit(copy.deepcopy(stmt))

    def do_While(self, stmt: ast.While, scope: Scope) -> None:
        raise Untranslatable(stmt, "while loops in forward are data-dependent control flow")

    def do_Assert(self, stmt, scope) -> None:
        self.src.reporter.warning("assert in forward is not translated", self.src.loc(stmt))

    def do_Expr(self, stmt: ast.Expr, scope: Scope) -> None:
        call = stmt.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "print":
            self.src.reporter.warning("print() in forward is not translated", self.src.loc(stmt))
            return
        super().do_Expr(stmt, scope)


def _reads_training(test: ast.expr) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "training" and isinstance(n.value, ast.Name)
               and n.value.id == "self" for n in ast.walk(test))


class _RunModeExpressions(ast.NodeTransformer):
    def __init__(self, choose):
        self.choose = choose

    def visit_IfExp(self, node: ast.IfExp) -> ast.AST:
        self.generic_visit(node)
        return self.choose(node) if _reads_training(node.test) else node
