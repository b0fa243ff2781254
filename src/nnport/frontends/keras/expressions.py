"""Evaluating expressions: constants by propagation, everything else to symbolic values.

Arithmetic and slicing on tensors become op nodes of the catalog ("add", "getitem" ...);
on data arrays they become dataset transforms.
"""
from __future__ import annotations

import ast
import operator
from types import SimpleNamespace

from ...catalog import registry
from ...ir.graph import Node
from ...ir.sizes import OpenSize, sizes_in
from ..common import NotConstant, evaluate
from ..common.constants import binary, python, scalar_type
from ..common.stdlib import library_call
from . import templates
from .env import Env, EnvScope, attribute
from .models import Instance
from .values import (
    ArrayValue,
    DataRef,
    Opaque,
    QualName,
    Tensor,
    UserClass,
    is_symbolic,
    tensors_in,
)

_ABSENT = object()
_OPERATORS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv", ast.MatMult: "matmul",
              ast.Pow: "pow", ast.FloorDiv: "floordiv", ast.Mod: "mod"}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
            ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
            ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b}


class ExpressionsMixin:
    def constant(self, node: ast.expr, env: Env):
        return evaluate(node, EnvScope(env, self.library_value))

    def library_value(self, node: ast.expr, scope):
        """What constants alone cannot give: ``math.log2(64)``, ``os.environ.get("UNITS", 64)``."""
        if not isinstance(node, ast.Call):
            raise NotConstant(node, lambda: f"{ast.unparse(node)!r} has no constant value here")
        value, warning = library_call(node, self.imports.qualify, scope)
        if warning:
            self.warning(node, warning)
        return value

    def eval(self, node: ast.expr, env: Env, hint: str = "v"):
        try:
            if not _framework_call(node):  # cheap: no constant-folding attempt (and its message) per layer
                return self.constant(node, env)
        except NotConstant:
            pass
        except Exception:  # noqa: BLE001 - Python itself would fail; keep the text
            return Opaque(None, node, "evaluating it fails")
        written = self.written_expression(node, env, hint)
        if written is not None:
            return written
        handler = getattr(self, f"_expr_{type(node).__name__}", None)
        if handler is None:
            return Opaque(None, node, f"{type(node).__name__} is not read statically")
        try:
            return handler(node, env, hint)
        except OpenSize as exc:  # a size known only at run time where its value is needed
            return Opaque(None, node, str(exc))

    def written_expression(self, node, env, hint):
        """An op the backend writes inline (templates.py), or None."""
        found = templates.match(node, self.imports.qualify)
        if found is None:
            return None
        kind, exprs = found
        operands = [self.eval(e, env) for e in exprs]
        return self.tensor_op(kind, operands, {}, node, hint) if any(isinstance(o, Tensor) for o in operands) else None

    def _expr_Name(self, node, env, hint):
        value = env.get(node.id, None)
        if value is None and self.imports.qualify(node):
            return QualName(self.imports.qualify(node))
        return value if value is not None else Opaque(node.id, node, f"{node.id!r} is not known here")

    def _expr_Attribute(self, node, env, hint):
        qualified = self.imports.qualify(node)
        if qualified:
            return QualName(qualified)
        owner = self.eval(node.value, env)
        if isinstance(owner, Instance) and node.attr in owner.attrs:
            return owner.attrs[node.attr]
        found = attribute(owner, node.attr, _ABSENT) if isinstance(owner, (Instance, UserClass)) else _ABSENT
        if found is not _ABSENT:  # a class attribute (expansion = 4)
            return found
        if isinstance(owner, ArrayValue) and node.attr == "shape":
            return owner.shape
        if isinstance(owner, DataRef) and node.attr == "shape":  # a dataset loaded by name: known sizes
            return self.dataset_shape(owner) or Opaque(None, node, "the shape of data loaded at run time")
        if isinstance(owner, SimpleNamespace) and hasattr(owner, node.attr):  # argparse flags
            return getattr(owner, node.attr)
        return Opaque(None, node, f"attribute {node.attr!r} is not known statically")

    def _expr_JoinedStr(self, node, env, hint):
        try:
            return "".join(str(self.constant(v.value if isinstance(v, ast.FormattedValue) else v, env))
                           for v in node.values)
        except NotConstant as exc:
            return Opaque(None, node, exc.why)

    def _expr_Call(self, node, env, hint):
        return self.call(node, env, hint)

    def _expr_List(self, node, env, hint):
        return [self.eval(e, env, hint) for e in node.elts]

    def _expr_Tuple(self, node, env, hint):
        return tuple(self.eval(e, env, hint) for e in node.elts)

    def _expr_Dict(self, node, env, hint):
        return {self.eval(k, env): self.eval(v, env, hint) for k, v in zip(node.keys, node.values) if k is not None}

    def _expr_IfExp(self, node, env, hint):
        try:
            taken = self.constant(node.test, env)
        except NotConstant as exc:
            taken = self.eval(node.test, env)  # self.shortcut is None: a test on objects the reader knows
            if not isinstance(taken, bool):
                return Opaque(None, node, exc.why)
        return self.eval(node.body if taken else node.orelse, env, hint)

    def _expr_Compare(self, node, env, hint):
        """``K.image_data_format() == "channels_first"``: operands the frontend knows, compared."""
        operands = [self.eval(e, env) for e in (node.left, *node.comparators)]
        opened = next((s for v in operands for s in sizes_in(v)), None)
        if opened is not None:  # deciding on a size known only at run time
            return Opaque(None, node, str(OpenSize(opened, f"the comparison {ast.unparse(node)}")))
        unknown = next((v for v in operands if isinstance(v, Opaque)), None)
        if unknown is not None or any(tensors_in(v) for v in operands):
            return Opaque(None, node, unknown.why if unknown is not None else "a comparison of tensors")
        try:
            return all(python(node, _COMPARE[type(op)], a, b) for op, a, b in zip(node.ops, operands, operands[1:]))
        except NotConstant as exc:  # what Python itself would fail on (3 in 4)
            return Opaque(None, node, exc.why)

    def _expr_ListComp(self, node, env, hint):
        return self._comprehension(node.generators, node.elt, env.child(), hint)

    def _comprehension(self, generators, element, env, hint):
        if not generators:
            return [self.eval(element, env, hint)]
        first, rest = generators[0], generators[1:]
        items = self.eval(first.iter, env)
        if not isinstance(items, (list, tuple, dict, str)):
            return Opaque(None, first.iter, "the loop bound is not known statically")
        out = []
        for item in items:
            self.bind(first.target, item, env, first.iter)
            if all(self.constant(c, env) for c in first.ifs):
                out.extend(self._comprehension(rest, element, env, hint))
        return out

    def _expr_BinOp(self, node, env, hint):
        left, right = self.eval(node.left, env), self.eval(node.right, env)
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            return self.tensor_op(_OPERATORS.get(type(node.op), "unsupported"), [left, right], {}, node, hint)
        if isinstance(left, DataRef):
            return self.data_transform(left, node, right)
        if not is_symbolic(left) and not is_symbolic(right):
            try:
                return binary(node, left, right)
            except NotConstant as exc:  # bounded, and what Python itself would fail on
                return Opaque(None, node, exc.why)
        return Opaque(None, node, "arithmetic on values not known statically")

    def _expr_UnaryOp(self, node, env, hint):
        operand = self.eval(node.operand, env)
        if isinstance(operand, Tensor) and isinstance(node.op, ast.USub):
            return self.tensor_op("neg", [operand], {}, node, hint)
        if isinstance(node.op, ast.Not) and isinstance(operand, bool):
            return not operand
        return Opaque(None, node, operand.why if isinstance(operand, Opaque) else "not a constant")

    def _expr_BoolOp(self, node, env, hint):
        """``a or b`` on values the reader knows (``self.strides != 1 or input_shape[-1] != c``),
        short-circuited as Python does; the first value it cannot know makes it unknown."""
        value = None
        for operand in node.values:
            value = self.eval(operand, env)
            if is_symbolic(value):
                return Opaque(None, node, value.why if isinstance(value, Opaque) else "not a constant")
            if bool(value) == isinstance(node.op, ast.Or):
                return value
        return value

    def _expr_Subscript(self, node, env, hint):
        value = self.eval(node.value, env)
        if isinstance(value, Tensor):
            return self.tensor_op("getitem", [value], {"index": self.index_of(node.slice, env)}, node, hint)
        if isinstance(value, DataRef):
            return self.data_index(value, node)
        try:
            key = self.constant(node.slice, env)
            return value[key] if isinstance(value, (list, tuple, dict)) else Opaque(None, node)
        except (NotConstant, KeyError, IndexError, TypeError):
            return Opaque(None, node, "index not known statically")

    def index_of(self, node: ast.expr, env: Env) -> tuple:
        """Canonical getitem index: per indexed axis an int, (start, stop, step) or "..."."""
        parts = node.elts if isinstance(node, ast.Tuple) else [node]
        index = []
        for part in parts:
            if isinstance(part, ast.Slice):
                index.append(tuple(None if e is None else self.constant(e, env)
                                   for e in (part.lower, part.upper, part.step)))
            elif isinstance(part, ast.Constant) and part.value is Ellipsis:
                index.append("...")
            else:
                value = self.constant(part, env)
                index.append("..." if value is Ellipsis else value)
        return tuple(index)

    def tensor_op(self, kind: str, operands: list, attrs: dict, node: ast.AST, hint: str):
        """A call_op node; constants among the operands become constant nodes."""
        tensors = [o for o in operands if isinstance(o, Tensor)]
        trace = tensors[0].trace
        inputs = []
        for operand in operands:
            if isinstance(operand, Tensor):
                if operand.trace is not trace:
                    self.error(node, "combines tensors of different models")
                inputs.append(operand.value)
            elif isinstance(operand, (int, float, bool)):
                value = trace.fresh("const")
                trace.add(Node("constant", outputs=[value], attrs={"value": operand}, loc=self.loc(node)))
                trace.types[value] = scalar_type(operand)  # broadcasts against any tensor
                inputs.append(value)
            elif self.consequence(operand):
                return Opaque(None, node, "follows an error reported", failed=True)
            else:
                self.error(node, f"operand {_text(operand)} of {kind!r} is not a tensor or a constant")
                return Opaque(None, node)
        try:
            registry.kind(kind)
        except KeyError:
            self.error(node, f"{ast.unparse(node)!r}: the tensor operation {kind!r} is not supported")
            return Opaque(None, node, f"{kind!r} is not supported")
        return trace.add(Node("call_op", kind, inputs, [trace.fresh(hint)], dict(attrs), self.loc(node)))[0]


def _framework_call(node: ast.expr) -> bool:
    """A call constant propagation never folds: an attribute call (layers.Dense(...), model.add(...))."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)


def _text(value) -> str:
    return repr(value.text) if isinstance(value, Opaque) else type(value).__name__
