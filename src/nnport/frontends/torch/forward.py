"""Tracing ``forward`` statically into the SSA graph: module calls, F.*/torch.* functions,
tensor methods, Python operators, indexing. Loops over ModuleLists and ``if`` on constructor
constants are unrolled; conditions on tensor values are reported as data-dependent.
"""
from __future__ import annotations

import ast
from typing import Any

from ...catalog import registry
from ..common import Scope, limits
from .graph_builder import Dim, GraphBuilder, NamedResults, Shape, Tensor, Unfilled, ZeroState
from .call_keywords import CallKeywords
from .control import ForwardControl
from .ops import DEVICE, OpCalls
from .statements import Return
from .subnetworks import SubnetworkCalls, specialised, statics_of
from .time_loops import TimeLoops
from .values import FunctionRef, Instance, LambdaRef, Layer, LocalFunction, Untranslatable, is_module

SHAPE_METHODS = {"size", "dim"}
DEVICE_MOVES = {"to", "cuda", "cpu"}
TORCH_DTYPES = {"float16", "half", "bfloat16", "float32", "float", "float64", "double", "int8", "uint8", "int16",
                "int32", "int", "int64", "long", "bool"}


def _zero_states(value: Any) -> bool:
    values = value if isinstance(value, (tuple, list)) else (value,)
    return bool(values) and all(isinstance(v, ZeroState) for v in values)


class ForwardTracer(TimeLoops, CallKeywords, SubnetworkCalls, ForwardControl, OpCalls):
    def __init__(self, src, instance_scope: Scope, module_names: dict[int, str], outputs_of, network_call=None):
        super().__init__(src)
        self.builder = GraphBuilder(self)
        self.scope = instance_scope
        self.module_names = module_names  # id(module value) -> module name in this network
        self.outputs_of = outputs_of  # module value -> its result names (kind outputs / sub-network outputs)
        self.network_call = network_call  # (instance, call signature) -> (network, result names)
        self.module_attrs: dict[str, dict] = {}  # module name -> attributes its calls set (time loops)

    # --- entry ---------------------------------------------------------------------------
    def trace(self, fn: ast.FunctionDef, signature: tuple | None = None) -> None:
        """``signature``: the constant arguments of the call traced (None: every parameter is an input)."""
        scope = self.scope.child()
        scope.fallback = self.fallback
        self.builder.loc = self.src.loc(fn)
        statics = statics_of(signature)
        for param in (fn.args.posonlyargs + fn.args.args)[1:]:
            scope.values[param.arg] = statics[param.arg] if param.arg in statics else self.builder.input(param.arg)
        if fn.args.vararg is not None and len(fn.args.posonlyargs + fn.args.args) == 1:
            # forward(self, *features): the network takes one tensor, the tuple holding it
            scope.values[fn.args.vararg.arg] = (self.builder.input(fn.args.vararg.arg),)
        self.builder.end_statement()
        try:
            self.run(fn.body, scope)
            raise Untranslatable(fn, "forward returns nothing")
        except Return as result:
            self.builder.loc = self.src.loc(fn)
            self.builder.output(self.tensors_of(result.value, fn))
        self.drop_unread_top_states()
        self.builder.prune_unused_outputs()

    def tensors_of(self, value: Any, where) -> list[Tensor]:
        values = list(value) if isinstance(value, (tuple, list)) else [value]
        out = []
        for v in values:
            if isinstance(v, (tuple, list)):
                out.extend(self.tensors_of(v, where))
            elif isinstance(v, Tensor):
                out.append(v)
            elif isinstance(v, dict):
                raise Untranslatable(where, "returning a dict from forward is not supported")
            elif isinstance(v, (int, float)):
                out.append(self.builder.constant(v))
            elif is_module(v):
                raise Untranslatable(where, "forward returns a module, not its output (is a call missing?)")
            else:
                raise Untranslatable(where, f"forward returns {v!r}, not a tensor")
        return out

    # --- statements: locations and readable names ------------------------------------------
    def run(self, body, scope):
        for stmt in body:
            self.builder.loc = self.src.loc(stmt)
            try:
                super().run([self.eval_mode_expressions(stmt, scope)], scope)
            except Untranslatable as exc:
                if exc.node is None:
                    exc.node = stmt
                raise
            finally:
                self.builder.end_statement()

    def bind(self, target, value, scope):
        if isinstance(target, ast.Name) and isinstance(value, Tensor):
            self.builder.rename(value, target.id)
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, Shape):
            value = value.unpack(len(target.elts))
        if isinstance(target, (ast.Tuple, ast.List)) and isinstance(value, Tensor) and self.splits(value):
            value = self.builder.pieces(value, [e.id if isinstance(e, ast.Name) else "" for e in target.elts])
        super().bind(target, value, scope)

    def splits(self, tensor: Tensor) -> bool:
        """A split/chunk result: a tuple of pieces (kinds of the indexing family other than x[i])."""
        node = self.builder.producer.get(tensor.name)
        if node is None or node.op != "call_op" or len(node.outputs) != 1:
            return False
        kind = registry.kind(node.target)
        return kind.family == "indexing" and kind.name != "getitem"

    def assign_attribute(self, target, value, scope):
        raise Untranslatable(target, "forward assigns to an attribute (state across calls is not translated)")

    # --- calls ---------------------------------------------------------------------------
    def call(self, node: ast.Call, scope: Scope) -> Any:
        func = node.func
        qualified = self.src.qualify(func)
        identity, value = self.typing_identity(qualified, node, scope) if qualified else (False, None)
        if identity:
            return value
        if qualified is not None:
            return self.function(qualified, node, scope)
        method = self.method_of(node, scope)
        if method is not None:
            return self.inline(method, node, scope)
        if isinstance(func, ast.Attribute):
            self.refuse_foreign(func.value)
            owner = self.value(func.value, scope)
            if isinstance(owner, Tensor):
                return self.tensor_method(owner, func.attr, node, scope)
            if isinstance(owner, ZeroState) and func.attr in DEVICE_MOVES | {"detach", "float"}:
                return owner
            if isinstance(owner, Unfilled):
                return self.fill(owner, func.attr, node, scope)
            if is_module(owner) and func.attr == "forward":
                return self.module_call(owner, node, scope)
            static = self.static_method(owner, func.attr)
            if static is not None:  # self.transformer.generate_square_subsequent_mask(n)
                return self.inline(static, node, scope, method=False)
            if isinstance(owner, Instance) and func.attr in ("children", "named_children") and not node.args:
                pairs = list(owner.modules.items())  # registration order, as nn.Module keeps it
                return pairs if func.attr == "named_children" else [m for _, m in pairs]
            if isinstance(owner, (list, dict)):  # skips.append(x): a list of tensors kept in forward
                return self.python_method(node, scope, owner)
        if isinstance(func, ast.Name) and func.id in self.src.functions:
            return self.inline(self.src.functions[func.id], node, scope, method=False)
        callee = self.value(func, scope)
        if is_module(callee):
            return self.module_call(callee, node, scope)
        if isinstance(callee, FunctionRef):
            return self.function(callee.qualified, node, scope)
        if isinstance(callee, LambdaRef):
            return self.call_lambda(callee, node, scope)
        if isinstance(callee, LocalFunction):
            return self.call_local(callee, node, scope)
        return self.python_method(node, scope)

    def static_method(self, owner: Any, name: str) -> ast.FunctionDef | None:
        """A ``@staticmethod`` of a sub-module's class, called through the sub-module."""
        fn = self.find_method(owner.cls, name) if isinstance(owner, Instance) else None
        if fn is None or not any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in fn.decorator_list):
            return None
        return fn

    def call_lambda(self, fn: LambdaRef, node: ast.Call, scope: Scope) -> Any:
        params = [a.arg for a in fn.node.args.posonlyargs + fn.node.args.args]
        args = self.call_positional(node, scope)
        if node.keywords or len(args) != len(params) or fn.node.args.vararg or fn.node.args.kwonlyargs:
            raise Untranslatable(node, f"call of {ast.unparse(fn.node)} with other arguments than its "
                                       f"{len(params)} positional parameters")
        local = Scope(dict(zip(params, args)), fn.scope)
        local.fallback = self.fallback
        return self.value(fn.node.body, local)

    def refuse_foreign(self, expr: ast.expr) -> None:
        if isinstance(expr, ast.Name) and expr.id in self.src.foreign_classes:
            cls = self.src.foreign_classes[expr.id]
            what = ("a custom autograd Function" if any(self.src.qualify(b) == "torch.autograd.Function"
                                                         for b in cls.bases) else "not an nn.Module")
            raise Untranslatable(expr, f"{expr.id} is {what}; nnport cannot translate its computation")

    def inline(self, fn: ast.FunctionDef, node: ast.Call, scope: Scope, method: bool = True) -> Any:
        """A helper method (``self._forward_impl(x)``) or function traced into the same graph."""
        args, on_instance = self.method_arguments(fn, node, scope) if method else \
            (self.bind_arguments(fn, node, scope, skip_self=False), False)
        local = (self.scope if on_instance else self.src.constants).child(args)
        local.fallback = self.fallback
        with limits.nested(node, f"{fn.name}()"):
            try:
                self.run(fn.body, local)
            except Return as result:
                return result.value
        return None

    def module_call(self, module, node: ast.Call, scope: Scope) -> Any:
        name = self.module_names.get(id(module))
        if name is None:
            raise Untranslatable(node, f"{ast.unparse(node.func)} is not a module registered in __init__")
        if isinstance(module, Layer) and "scan_step" in module.spelling.hooks:
            raise Untranslatable(node, f"{module.spelling.name} is read only when a loop over time steps runs it "
                                       "from zero states (a plain scan); a single step is not translated")
        forward = self.find_method(module.cls, "forward") if isinstance(module, Instance) else None
        if self.network_call is not None and specialised(module, forward):
            return self.subnetwork_call(module, forward, name, node, scope)
        results = self.outputs_of(module)
        args = self.call_keywords(module, name, node, scope, self.call_positional(node, scope))
        if "sequence" in results and len(args) == 2 and _zero_states(args[1]):
            args = args[:1]  # zero initial states are the recurrent layer's default
        if "sequence" in results and len(args) > 1:
            raise Untranslatable(node, f"{ast.unparse(node)}: initial states given to a recurrent layer are not "
                                       "translated (only zero states, the layer's default)")
        inputs = [self.as_tensor(v, node) for v in args]
        tensors = self.builder.add("call_module", name, [t.name for t in inputs],
                                   [f"{name}_{r}" if len(results) > 1 else name for r in results])
        return self.returned(module, results, tensors)

    def returned(self, module, results: list[str], tensors: list[Tensor]) -> Any:
        """What the PyTorch call returns: recurrent layers give (sequence, (h_n, c_n)) / (sequence, h_n)."""
        if len(tensors) == 1:
            return tensors[0]
        if "last" in results and "sequence" in results:
            by = dict(zip(results, tensors))
            states = [by[r] for r in results if r not in ("sequence", "last")]
            self.recurrent[id(by.get("h_n"))] = (module, by["last"])
            return by["sequence"], states[0] if len(states) == 1 else tuple(states)
        return tuple(tensors)

    # --- tensor attributes ---------------------------------------------------------------
    def attribute(self, node: ast.Attribute, scope: Scope) -> Any:
        qualified = self.src.qualify(node)
        if qualified is None:
            owner = self.value(node.value, scope)
            if isinstance(owner, NamedResults):
                return owner.field(node.attr)
            if isinstance(owner, Tensor):
                if node.attr == "shape":
                    return Shape(owner)
                if node.attr == "T":
                    return self.method_op(owner, "t", ast.Call(node, [], []), scope)
                if node.attr == "device":
                    return DEVICE
                if node.attr == "is_cuda":  # the target has no devices: the CPU branch is the one verified
                    self.src.reporter.warning(f"{ast.unparse(node)} is read as False: the branch taken on the CPU "
                                              "is translated", self.src.loc(node))
                    return False
                raise Untranslatable(node, f"tensor attribute .{node.attr} is not supported")
        return super().attribute(node, scope)

    def tensor_method(self, tensor: Tensor, name: str, node: ast.Call, scope: Scope) -> Any:
        if name in DEVICE_MOVES and not any(self._dtype(a) for a in [*node.args, *(k.value for k in node.keywords)]):
            return tensor  # x.to(device), x.cuda(): the values stay the same
        if name in SHAPE_METHODS:
            args = self.call_positional(node, scope)
            if name == "dim":
                raise Untranslatable(node, "x.dim() depends on the input rank; not supported")
            return Shape(tensor)[args[0]] if args else Shape(tensor)
        return self.method_op(tensor, name, node, scope)

    def _dtype(self, expr: ast.expr) -> bool:
        qualified = self.src.qualify(expr) or ""
        return qualified.startswith("torch.") and qualified.split(".")[-1] in TORCH_DTYPES

    def as_tensor(self, value: Any, node) -> Tensor:
        if isinstance(value, Tensor):
            return value
        if isinstance(value, ZeroState):
            raise Untranslatable(value.node, "torch.zeros(...) in forward is translated only as a recurrent "
                                             "layer's initial state (its default); here it is used as a tensor")
        if isinstance(value, Unfilled):
            raise Untranslatable(value.node, "torch.empty_like(...) holds no values until a random draw fills it "
                                             "(.normal_(), .uniform_())")
        if isinstance(value, (int, float, bool)) and not isinstance(value, Dim):
            return self.builder.constant(value)
        raise Untranslatable(node, f"expected a tensor, got {value!r}")
