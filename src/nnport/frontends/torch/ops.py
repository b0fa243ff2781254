"""Tensor operations in forward: catalog functions, tensor methods, operators and indexing.

Every call resolves to a catalog kind through its PyTorch spelling; arguments are bound by
the shared ``bind_call``, so this file knows no operation by name (``contiguous`` aside,
which only changes memory layout).
"""
from __future__ import annotations

import ast
import math
from typing import Any

from ...catalog import registry
from ..common import Scope, bind_call
from .dim_products import DimProduct
from .graph_builder import Dim, NamedResults, Shape, Tensor, Unfilled, ZeroState
from .statements import Interpreter
from .values import TRAINING, Untranslatable

# arguments that do not change the result (or follow the module's train/eval mode)
IGNORED = {"inplace": lambda v: True, "training": lambda v: v is TRAINING, "out": lambda v: v is None,
           "device": lambda v: v is None or v is DEVICE or isinstance(v, str)}  # "cuda", a constructor's device
NO_OPS = {"contiguous"}  # memory layout only
SEQUENCE_TYPES = {"axes", "shape", "ints"}
RECEIVER = "__receiver__"
DEVICE = "device"  # x.device: where a tensor lives, which no translation needs


class OpCalls(Interpreter):
    def __init__(self, src):
        super().__init__(src)
        self.recurrent: dict[int, tuple[Any, Tensor]] = {}  # id(h_n tensor) -> (module, last output)
        self.top_states: dict[int, tuple[Tensor, int]] = {}  # id(h_n[-2] / h_n[-1]) -> (last output, index)
        self.top_pick_tensors: list[Tensor] = []

    def function(self, qualified: str, node: ast.Call, scope: Scope) -> Any:
        if qualified == "torch.zeros":
            return ZeroState(node)
        if qualified == "torch.empty_like" and len(node.args) == 1 and not node.keywords:
            return Unfilled(self.as_tensor(self.value(node.args[0], scope), node), node)
        found = registry.lookup("torch", "function", qualified)
        if found is not None:
            return self.op(found[0], found[1], node, scope)
        if qualified.startswith("math.") and callable(getattr(math, qualified[5:], None)):
            return getattr(math, qualified[5:])(*self.call_positional(node, scope))
        if qualified.split(".")[0] == "torch":
            raise Untranslatable(node, f"{qualified} is not supported yet (no catalog entry); see `nnport layers`")
        raise Untranslatable(node, f"{qualified} comes from a library nnport does not know")

    def fill(self, unfilled: Unfilled, name: str, node: ast.Call, scope: Scope) -> Any:
        """``torch.empty_like(x).normal_()``: the draw the fill names, shaped like ``x``."""
        found = registry.lookup("torch", "method", f"Tensor.{name}")
        if found is None or found[0].family != "random":
            raise Untranslatable(node, f"torch.empty_like(...) is read only when a random draw fills it "
                                       f"(.normal_(), .uniform_()), not .{name}()")
        return self.op(found[0], found[1], node, scope, receiver=unfilled.like)

    def method_op(self, tensor: Tensor, name: str, node: ast.Call, scope: Scope) -> Any:
        if name in NO_OPS:
            return tensor
        if name.endswith("_") and not name.endswith("__"):
            raise Untranslatable(node, f"in-place tensor method .{name}() is not supported")
        found = registry.lookup("torch", "method", f"Tensor.{name}")
        if found is not None:
            return self.op(found[0], found[1], node, scope, receiver=tensor)
        found = registry.lookup("torch", "function", f"torch.{name}")
        if found is not None:  # x.mean(1) is torch.mean(x, 1)
            call = ast.Call(node.func, [ast.Name(RECEIVER, ast.Load()), *node.args], node.keywords)
            return self.op(found[0], found[1], ast.copy_location(call, node), scope.child({RECEIVER: tensor}))
        raise Untranslatable(node, f"tensor method .{name}() is not supported yet (no catalog entry)")

    def op(self, kind, spelling, node: ast.Call, scope: Scope, receiver: Tensor | None = None) -> Any:
        call = _pack_varargs(spelling, node, kind)
        sized: dict[str, ast.expr] = {}  # arguments given as a size of a tensor (x.size(2))
        batch = "read_sized_batch" in spelling.hooks  # x.size(0) is a size it reads, not the batch kept as is
        bound = bind_call(spelling, call, lambda expr, arg: self.sized_value(expr, arg, scope, sized, batch),
                           error=Untranslatable, symbolic=lambda v: _has_dim(v) or (batch and isinstance(v, Dim)))
        for name in [n for n in bound.operands if n in IGNORED]:  # F.dropout(x, p, self.training)
            bound.unknown[name] = bound.operands.pop(name)
        for name, expr in bound.unknown.items():
            if not (name in IGNORED and IGNORED[name](self.value(expr, scope))):
                raise Untranslatable(expr, f"{spelling.name}: argument {name!r}={ast.unparse(expr)} has no "
                                           f"translation")
        self.warn_run_mode(spelling, bound, node)
        inputs = [receiver] if receiver is not None else []
        for name in sorted(bound.operands, key=_operand_order(spelling)):
            value, expr = self.value(bound.operands[name], scope), bound.operands[name]
            if isinstance(value, Shape) and "shape_operand" in spelling.hooks:  # torch.randn(x.shape): like x
                value = value.tensor
            if isinstance(value, (list, tuple)) and kind.family != "merge":  # only cat / stack take several
                raise Untranslatable(expr, f"{spelling.name.rsplit('.', 1)[-1]}: {name}={ast.unparse(expr)} is "
                                           f"{len(value)} values, not a tensor")
            inputs.extend(self.operand_tensors(value, expr))
        if sized:
            kind, bound.attrs, inputs = self.read_sized(kind, spelling, bound.attrs, inputs, sized)
        fields = spelling.hooks["fields"](bound.attrs) if "fields" in spelling.hooks else None
        if fields:
            return NamedResults(self.builder, inputs[0], fields)
        read_as = spelling.hooks["read_as"](bound.attrs) if "read_as" in spelling.hooks else None
        if read_as:  # another kind computes the same (x.view(x.size(0), -1) is a flatten)
            kind, bound.attrs = registry.kind(read_as[0]), read_as[1]
        hints = [kind.name] if len(kind.outputs) == 1 else [f"{kind.name}_{o}" for o in kind.outputs]
        last = self.bidirectional_last(kind, inputs, bound.attrs)
        if last is not None:
            return last
        tensors = self.builder.add("call_op", kind.name, [t.name for t in inputs], hints, bound.attrs)
        return tensors[0] if len(tensors) == 1 else tuple(tensors)

    def bidirectional_last(self, kind, inputs: list[Tensor], attrs: dict) -> Tensor | None:
        """``torch.cat([h_n[-2], h_n[-1]], dim=1)``: a bidirectional layer's top states side by side,
        its "last" output (what Keras returns with return_sequences=False)."""
        tops = [self.top_states.get(id(t)) for t in inputs]
        if kind.name != "concat" or len(tops) != 2 or None in tops or tops[0][0] is not tops[1][0] \
                or [index for _, index in tops] != [-2, -1] or attrs.get("axis") not in (1, -1):
            return None
        return tops[0][0]

    def drop_unread_top_states(self) -> None:
        """The ``h_n[-2]`` / ``h_n[-1]`` picks read as part of a "last" output and by nothing else."""
        graph = self.builder.graph
        picks = {t.name for t in self.top_pick_tensors}
        read = {v for n in graph.nodes for v in n.inputs}
        graph.nodes = [n for n in graph.nodes if not (n.op == "call_op" and n.outputs[0] in picks - read)]

    def warn_run_mode(self, spelling, bound, node: ast.Call) -> None:
        """``F.dropout(x, p)`` without ``training=``: PyTorch's default True drops in eval mode too."""
        fixed = spelling.arg("training")
        if fixed is not None and fixed.attr is None and "training" not in bound.unknown and fixed.default is True:
            self.src.reporter.warning(f"{spelling.name} without training=self.training also applies in eval "
                                      f"mode in PyTorch; the translation applies it only while training",
                                      self.src.loc(node))

    def attribute_value(self, expr: ast.expr, arg: str, scope: Scope) -> Any:
        value = self.value(expr, scope)
        return _static(value, expr, arg)

    def sized_value(self, expr: ast.expr, arg: str, scope: Scope, sized: dict, batch: bool = False) -> Any:
        """An argument's value; sizes of tensors other than the batch (``batch``: any) are kept as
        ``Dim`` (and noted in ``sized``) for the spelling's ``read_sized`` hook to interpret."""
        value = self.value(expr, scope)
        if _has_dim(value) or (batch and isinstance(value, Dim)):
            sized[arg] = expr
            return value
        return _static(value, expr, arg)

    def read_sized(self, kind, spelling, attrs: dict, inputs: list[Tensor], sized: dict):
        """``F.max_pool1d(x, x.size(2))``: a window as long as the input is a global pooling. The
        spelling's ``read_sized(attrs, input_name)`` hook says what kind and attributes an
        argument given as a tensor's size means; without one (or when it declines) it is refused. A
        third item names the tensor the op reads for that size (``generate_square_subsequent_mask(x.size(1))``)."""
        hook = spelling.hooks.get("read_sized")
        found = hook(attrs, inputs[0].name if inputs else None) if hook else None
        if found is None:
            arg, expr = next(iter(sized.items()))
            raise Untranslatable(expr, f"{arg}={ast.unparse(expr)} depends on a tensor's size; write the number")
        return registry.kind(found[0]), found[1], [Tensor(found[2], self.builder)] if len(found) > 2 else inputs

    def operand_tensors(self, value: Any, expr: ast.expr) -> list[Tensor]:
        if isinstance(value, (list, tuple)):
            return [t for v in value for t in self.operand_tensors(v, expr)]
        return [self.as_tensor(value, expr)]

    def operator(self, name: str, *operands: Any) -> Any:
        if not any(isinstance(o, Tensor) for o in operands):
            raise Untranslatable(None, f"operator {name} on {operands!r}")
        found = registry.lookup("torch", "function", f"operator.{name}")
        if found is None:
            raise Untranslatable(None, f"operator {name} on tensors is not supported yet (no catalog entry)")
        inputs = [self.as_tensor(o, None) for o in operands]
        return self.builder.add("call_op", found[0].name, [t.name for t in inputs], [found[0].name])[0]

    def getitem(self, tensor: Tensor, key: Any) -> Any:
        key = _whole_rest(key)
        if key == -1 and id(tensor) in self.recurrent:
            module, last = self.recurrent[id(tensor)]
            if not getattr(module, "attrs", {}).get("bidirectional", False):
                return last  # h_n[-1]: the top layer's final state, the "last" output
        index = tuple(_index_item(k) for k in (key if isinstance(key, tuple) else (key,)))
        picked = self.builder.add("call_op", "getitem", [tensor.name], ["getitem"], {"index": index})[0]
        if key in (-2, -1) and id(tensor) in self.recurrent:  # a bidirectional top state (see above)
            self.top_states[id(picked)] = (self.recurrent[id(tensor)][1], key)
            self.top_pick_tensors.append(picked)
        return picked


def _whole_rest(key: Any) -> Any:
    """``h_n[-1, :, :]`` is ``h_n[-1]``: trailing whole slices select nothing."""
    if isinstance(key, tuple) and key and all(k == slice(None) for k in key[1:]):
        return key[0]
    return key


def _index_item(item: Any) -> Any:
    if item is Ellipsis:
        return "..."
    if isinstance(item, slice):
        parts = (item.start, item.stop, item.step)
        if any(isinstance(p, (Dim, Tensor)) for p in parts):
            raise Untranslatable(None, "slice bounds that depend on tensor sizes are not supported")
        return parts
    if isinstance(item, int) and not isinstance(item, bool):
        return item
    raise Untranslatable(None, f"indexing with {item!r} is not supported (only ints, slices and ...)")


def _has_dim(value: Any) -> bool:
    if isinstance(value, DimProduct):
        return True
    if isinstance(value, Dim):
        return value.axis != 0
    return isinstance(value, (list, tuple)) and any(_has_dim(v) for v in value)


def _static(value: Any, expr: ast.expr, arg: str) -> Any:
    """Attribute values: constants; ``x.size(0)`` (the batch size, kept as is) becomes None."""
    if isinstance(value, DimProduct):
        raise Untranslatable(expr, f"{arg}={ast.unparse(expr)} depends on a tensor's sizes; write the number")
    if isinstance(value, Dim):
        if value.axis == 0:
            return None
        raise Untranslatable(expr, f"{arg}={ast.unparse(expr)} depends on a tensor's size; write the number")
    if isinstance(value, (list, tuple)):
        items = [_static(v, expr, arg) for v in value]
        if items.count(-1) > 1:
            raise Untranslatable(expr, f"{arg}={ast.unparse(expr)}: more than one size left to infer")
        return type(value)(items)
    if isinstance(value, Tensor):
        raise Untranslatable(expr, f"{arg}={ast.unparse(expr)} is a tensor where a constant is expected")
    return value


def _pack_varargs(spelling, node: ast.Call, kind) -> ast.Call:
    """``x.view(a, b, c)`` / ``x.permute(0, 2, 1)``: trailing positionals form one sequence argument."""
    count = len(spelling.positional)
    if not count or len(node.args) <= count:
        return node
    last = spelling.arg(spelling.positional[-1])
    if last is None or last.attr is None or kind.attr(last.attr).type not in SEQUENCE_TYPES:
        return node
    packed = ast.copy_location(ast.Tuple(node.args[count - 1:], ast.Load()), node.args[count - 1])
    return ast.copy_location(ast.Call(node.func, [*node.args[:count - 1], packed], node.keywords), node)


def _operand_order(spelling):
    order = {name: i for i, name in enumerate(spelling.positional)}
    return lambda name: order.get(name, len(order))
