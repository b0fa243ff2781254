"""A loop over the time axis in forward that runs a recurrent cell from zero states, read as one
call of the cell scanned over the sequence (catalog/families/recurrent_cells.py)::

    h = torch.zeros(x.size(0), hidden)          # zero initial states (c as well for an LSTM cell)
    outputs = []
    for t in range(x.size(1)):                  # or: for x_t in x.unbind(1) / torch.unbind(x, 1)
        x_t = x[:, t]                           # the step's input (or x[:, t] in the call)
        h, c = self.cell(x_t, (h, c))           # GRU / RNN cells: h = self.cell(x_t, h)
        outputs.append(h)                       # or outputs.append(h.unsqueeze(1)) / outputs += [h]
    y = torch.stack(outputs, 1)                 # or torch.cat(outputs, 1); h (c) after: final states

Any other statement in such a loop is reported: it is not a plain scan.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from ..common import Scope
from .graph_builder import Dim, Tensor, ZeroState
from .values import Layer, Untranslatable


@dataclass
class StepOutputs:
    """The list of a scan's per-step outputs, stacked (``torch.stack``) or concatenated after an
    ``unsqueeze`` (``torch.cat``) along ``axis``, the loop's time axis; ``[-1]`` is the last step."""

    sequence: Tensor
    last: Tensor
    axis: int
    joined: str  # "torch.stack" | "torch.cat"

    def __getitem__(self, index):
        if index == -1:
            return self.last
        raise Untranslatable(None, f"the outputs of a loop over time steps indexed by {index!r}: only [-1] "
                                   "(the last step) is read statically")


@dataclass
class _Loop:
    x: Tensor
    axis: int
    index: str | None  # range(x.size(1)): the step number
    step: str | None  # x.unbind(1): the step's input


class TimeLoops:
    """Mixed into the forward tracer, before the shared statement interpreter."""

    module_attrs: dict[str, dict]  # module name -> attributes its calls set (the networks builder applies them)

    def do_For(self, stmt: ast.For, scope: Scope) -> None:
        loop = self.time_loop(stmt, scope)
        cell = loop and _cell_call(stmt.body, self, scope)
        if not cell:
            return super().do_For(stmt, scope)
        self.scan(stmt, loop, cell, scope)

    def time_loop(self, stmt: ast.For, scope: Scope) -> _Loop | None:
        it, target = stmt.iter, stmt.target
        if not isinstance(target, ast.Name) or not isinstance(it, ast.Call):
            return None
        if isinstance(it.func, ast.Name) and it.func.id == "range" and len(it.args) == 1 and not it.keywords:
            size = self.value(it.args[0], scope)
            if isinstance(size, Dim):
                return _Loop(Tensor(size.tensor, self.builder), size.axis, target.id, None)
            return None
        unbound = self._unbind(it, scope)
        return _Loop(unbound[0], unbound[1], None, target.id) if unbound else None

    def _unbind(self, call: ast.Call, scope: Scope):
        """``x.unbind(1)`` / ``torch.unbind(x, dim=1)`` -> (x, 1), else None."""
        if self.src.qualify(call.func) == "torch.unbind" and call.args:
            operand, rest = call.args[0], call.args[1:]
        elif isinstance(call.func, ast.Attribute) and call.func.attr == "unbind":
            operand, rest = call.func.value, call.args
        else:
            return None
        x = self.value(operand, scope)
        dims = [*rest, *(k.value for k in call.keywords if k.arg == "dim")]
        axis = self.value(dims[0], scope) if dims else 0
        return (x, axis) if isinstance(x, Tensor) and isinstance(axis, int) else None

    def scan(self, stmt: ast.For, loop: _Loop, cell, scope: Scope) -> None:
        call_stmt, layer, states = cell
        if loop.axis not in (0, 1) or stmt.orelse:
            raise Untranslatable(stmt, "a loop over time steps is read only over axis 1 of (N, T, C) or axis 0 of "
                                       "(T, N, C), without an else clause")
        collect = self.check_scan_body(stmt, loop, call_stmt, states, scope)
        for name in states:
            if not isinstance(_bound(scope, name), ZeroState):
                raise Untranslatable(stmt, f"a loop over time steps from the initial state {name}: only zero "
                                           "states (torch.zeros) are read (the recurrent layer's default)")
        name = self.module_names.get(id(layer))
        self.module_attrs.setdefault(name, {})["batch_first"] = loop.axis == 1  # the loop's time axis
        results = list(layer.kind.outputs)
        by = dict(zip(results, self.builder.add("call_module", name, [loop.x.name],
                                                [f"{name}_{r}" for r in results])))
        finals = [by["last"]] + [self.builder.add("call_op", "getitem", [by["c_n"].name], ["c"], {"index": -1})[0]
                                 for _ in states[1:]]
        self.top_pick_tensors.extend(finals[1:])  # dropped when nothing reads the final cell state
        for state, value in zip(states, finals):
            scope.values[state] = value
        if collect is not None:
            scope.values[collect[0]] = StepOutputs(by["sequence"], by["last"], loop.axis, collect[1])

    def check_scan_body(self, stmt: ast.For, loop: _Loop, call_stmt: ast.Assign, states, scope):
        """The loop body is a plain scan; returns (outputs list name, how it is joined) or None."""
        steps, collect = {loop.step} - {None}, None
        for item in stmt.body:
            if item is call_stmt:
                continue
            if isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name) \
                    and _step_input(item.value, loop):
                steps.add(item.targets[0].id)
                continue
            appended = _appended(item, states[0], loop.axis)
            if appended is None or collect is not None or _bound(scope, appended[0]) != []:
                raise Untranslatable(item, "a loop over time steps is read only as a plain scan of a recurrent "
                                           "cell (the step's input, the cell's call, collecting its output into an "
                                           f"empty list); `{ast.unparse(item)}` is not part of one")
            collect = appended
        arg = call_stmt.value.args[0]
        if not (isinstance(arg, ast.Name) and arg.id in steps) and not _step_input(arg, loop):
            raise Untranslatable(arg, f"the cell's input {ast.unparse(arg)} is not the loop's time step of "
                                      f"{loop.x.name}")
        return collect

    def function(self, qualified: str, node: ast.Call, scope: Scope):
        if qualified in ("torch.stack", "torch.cat") and node.args and isinstance(node.args[0], ast.Name):
            outputs = _bound(scope, node.args[0].id)
            if isinstance(outputs, StepOutputs):
                return self.joined(outputs, qualified, node, scope)
        return super().function(qualified, node, scope)

    def joined(self, outputs: StepOutputs, qualified: str, node: ast.Call, scope: Scope) -> Tensor:
        dims = [*node.args[1:], *(k.value for k in node.keywords if k.arg == "dim")]
        axis = self.value(dims[0], scope) if dims else 0
        if qualified != outputs.joined or not isinstance(axis, int) or axis % 3 != outputs.axis:
            raise Untranslatable(node, f"{ast.unparse(node)} does not put the steps back along the loop's time "
                                       f"axis {outputs.axis} (the scan's output sequence)")
        return outputs.sequence


def _bound(scope: Scope, name: str):
    try:
        return scope.lookup(name)
    except (KeyError, NameError):
        return None


def _cell_call(body: list[ast.stmt], tracer, scope: Scope):
    """The one statement of ``body`` calling a recurrent cell and carrying its states:
    (statement, the cell layer, state names), or None when no statement calls a cell."""
    found = None
    for stmt in body:
        if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)):
            continue
        try:
            layer = tracer.value(stmt.value.func, scope)
        except Untranslatable:
            continue
        if not (isinstance(layer, Layer) and "scan_step" in layer.spelling.hooks):
            continue
        if found is not None:
            raise Untranslatable(stmt, "a loop over time steps calling several cells is not read (one cell per loop)")
        found = (stmt, layer, _carried_states(stmt, layer))
    return found


def _carried_states(stmt: ast.Assign, layer: Layer) -> list[str]:
    count, call = layer.spelling.hooks["scan_step"](), stmt.value
    names = _names(stmt.targets[0]) if len(stmt.targets) == 1 else None
    given = _names(call.args[1]) if len(call.args) == 2 and not call.keywords else None
    if names is None or names != given or len(names) != count:
        form = "h, c = cell(x_t, (h, c))" if count == 2 else "h = cell(x_t, h)"
        raise Untranslatable(stmt, f"a cell in a loop over time steps is read as `{form}` (the states carried "
                                   f"from step to step); `{ast.unparse(stmt)}` is not")
    return names


def _names(expr: ast.expr) -> list[str] | None:
    items = expr.elts if isinstance(expr, (ast.Tuple, ast.List)) else [expr]
    return [e.id for e in items] if all(isinstance(e, ast.Name) for e in items) else None


def _step_input(expr: ast.expr, loop: _Loop) -> bool:
    """``x[:, t]`` / ``x[:, t, :]`` (axis 1) or ``x[t]`` (axis 0), with ``t`` the step number."""
    if loop.index is None or not isinstance(expr, ast.Subscript) or not isinstance(expr.value, ast.Name):
        return False
    items = expr.slice.elts if isinstance(expr.slice, ast.Tuple) else [expr.slice]
    full = [isinstance(e, ast.Slice) and e.lower is e.upper is e.step is None for e in items]
    at = items[loop.axis] if loop.axis < len(items) else None
    return isinstance(at, ast.Name) and at.id == loop.index and all(full[:loop.axis] + full[loop.axis + 1:])


def _appended(stmt: ast.stmt, state: str, axis: int):
    """``outputs.append(h)`` / ``outputs += [h]`` -> ("outputs", "torch.stack");
    ``outputs.append(h.unsqueeze(axis))`` -> ("outputs", "torch.cat"); else None."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Attribute) \
            and stmt.value.func.attr == "append" and isinstance(stmt.value.func.value, ast.Name) \
            and len(stmt.value.args) == 1:
        owner, item = stmt.value.func.value.id, stmt.value.args[0]
    elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.op, ast.Add) and isinstance(stmt.target, ast.Name) \
            and isinstance(stmt.value, ast.List) and len(stmt.value.elts) == 1:
        owner, item = stmt.target.id, stmt.value.elts[0]
    else:
        return None
    if isinstance(item, ast.Name) and item.id == state:
        return owner, "torch.stack"
    unsqueezed = isinstance(item, ast.Call) and isinstance(item.func, ast.Attribute) and item.func.attr == "unsqueeze" \
        and isinstance(item.func.value, ast.Name) and item.func.value.id == state and len(item.args) == 1 \
        and isinstance(item.args[0], ast.Constant) and item.args[0].value == axis
    return (owner, "torch.cat") if unsqueezed else None
