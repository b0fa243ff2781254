"""Names of the values a generated forward / call computes: the source's own variable names where
they are free (``x = self.conv(x)`` again and again, as the author wrote it), readable names for
what the source never named, and the assignment targets."""
from __future__ import annotations

import re

from ..ir.graph import Network, Node
from .fused import NetContext
from .naming import identifier

RUNNING = "x"  # a value no source variable held: the running name the frameworks' docs use


def name_results(code, node, names, live, scope, preferred, origin, remaining) -> list[str]:
    """Each result takes its source variable's name ('x_2' -> 'x') when no live value holds it;
    a value the source never named takes the name of the variable it flows into, else its
    input's (when free), else ``x`` in a chain of layers and its layer's name where it meets
    others (``branch1``). ``live``: the values still to be read (and, in a functional model, its
    inputs); ``remaining``: how often each value is still read (an unread result is ``_``).
    A layout conversion is named after what it holds (``features_nchw``); what is computed from
    it goes back to the unconverted name (``origin``). Returns the statements to write first: a
    value the source also held under another name before reassigning (``identity = x``)."""
    held = {names[value]: value for value in live}
    first: list[str] = []
    outs = [v for v in node.outputs if v]
    if node.attrs.get("layout"):
        names[outs[0]] = scope.allocate(f"{names[node.inputs[0]]}_{node.attrs['layout']}")
        origin[outs[0]] = origin.get(node.inputs[0], names[node.inputs[0]])
        return first
    free = [origin.get(v, names[v]) for v in node.inputs
            if names[v] not in held and origin.get(v, names[v]) not in held
            and origin.get(v, names[v]) not in code.params]
    for v in outs:
        if len(outs) > 1 and not remaining.get(v):
            names[v] = "_"  # a result nobody reads: ``_, h = self.gru(x)``
            continue
        anonymous = v not in preferred.names and preferred.anonymous(node, v)
        wanted = preferred.names.get(v) or (preferred.unnamed(node, v) if anonymous else preferred.variable(v))
        if not anonymous and wanted in held:
            first += _alias(code, wanted, held, names, scope, preferred)
        if anonymous and len(outs) == 1 and free:
            names[v] = free[0]  # a result the source never named: keep the input's name
        elif wanted in names.values() and wanted not in held:
            names[v] = wanted  # the source reassigned its variable (x = self.conv(x)): so does the code
        else:
            names[v] = scope.allocate(wanted)
        held[names[v]] = v
    return first


def _alias(code, wanted: str, held: dict, names: dict, scope, preferred) -> list[str]:
    """The live value holding ``wanted`` was also given another name by the source before it
    reassigned ``wanted`` (``identity = x; x = self.conv(x)``): the code does the same."""
    value = held[wanted]
    if code.style == "functional" and wanted in code.params:  # keras.Model(inputs, ...) reads it
        return []
    for alias in (identifier(a) for a in preferred.variables.get(value, ())[1:]):
        if alias in held or alias in code.params:
            continue
        name = alias if alias in names.values() else scope.allocate(alias)
        names[value] = name
        del held[wanted]
        held[name] = value
        return [f"{name} = {wanted}"]
    return []


class Preferred:
    """Which values the source named, and the names of those it did not."""

    def __init__(self, ctx: NetContext):
        graph = ctx.net.graph
        self.variables, self.users = graph.variables, graph.users()
        self.constants = {v for n in graph.nodes if n.op == "constant" for v in n.outputs}
        # the frontend said which values a source variable holds (none in a Sequential)
        self.recorded = bool(graph.variables) or ctx.net.style == "sequential"
        self.names = self._flowing_into(ctx)

    def variable(self, value: str) -> str:
        return identifier(self.variables[value][0]) if value in self.variables else _base_name(value)

    def unnamed(self, node: Node, value: str) -> str:
        """A name for a value no source variable held: ``x`` where it runs on to one layer,
        its layer's name where it meets other values (``branch1``, ``shortcut``)."""
        if node.op == "call_module" and any(self._merges(u) for u in self.users.get(value, [])):
            return identifier(node.target)
        return RUNNING

    def _merges(self, node: Node) -> bool:
        """``node`` reads several computed values (a concatenation, a residual sum)."""
        return len([v for v in node.inputs if v not in self.constants]) > 1

    def anonymous(self, node: Node, value: str) -> bool:
        """No source variable holds ``value``: recorded by the frontend, else guessed from its
        name (``conv1``, ``fc_out``: named after its layer)."""
        if self.recorded:
            return value not in self.variables
        base, target = _base_name(value), identifier(node.target)
        return base == target or base.startswith(f"{target}_") or base.endswith("_out")

    def _flowing_into(self, ctx: NetContext) -> dict[str, str]:
        """Values the source never named (``relu(bn1(conv1(x)))``) take the name of the source
        variable they flow into."""
        net, preferred, users = ctx.net, {}, self.users
        for node in reversed(net.graph.nodes):
            for v in (v for v in node.outputs if v):
                nxt = users.get(v, [])
                if len(nxt) == 1 and nxt[0].op in ("call_module", "call_op") and len(nxt[0].outputs) == 1 and \
                        not nxt[0].attrs.get("layout") and not self._merges(nxt[0]) and \
                        (self.anonymous(node, v) or id(nxt[0]) in ctx.skipped):
                    following = nxt[0].outputs[0]
                    name = preferred.get(following) or (None if self.anonymous(nxt[0], following)
                                                        else self.variable(following))
                    if name:
                        preferred[v] = name
        return preferred


def _base_name(value: str) -> str:
    return identifier(re.sub(r"_\d+$", "", value))


def assignment_target(node: Node, names: dict, remaining: dict) -> str:
    """Assignment target; ``unpack`` (set by legalize) gives the nesting of a layer's results,
    e.g. ``(0, (1, 2))`` for ``output, (h_n, c_n) = self.lstm(x)``."""
    def text(item):
        if isinstance(item, tuple):
            return "(" + ", ".join(text(i) for i in item) + ")"
        value = node.outputs[item]
        return names[value] if value and remaining.get(value, 0) > 0 else "_"
    pattern = node.attrs.get("unpack")
    if pattern is not None:
        return ", ".join(text(i) for i in pattern)
    if len(node.outputs) > 1:
        return ", ".join(names[v] if v else "_" for v in node.outputs)
    return names[node.outputs[0]]


def use_counts(net: Network) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in net.graph.nodes:
        for v in node.inputs:
            counts[v] = counts.get(v, 0) + 1
    return counts
