"""Recording a forward graph while tensor expressions are read, and cutting networks out of it.

A ``Trace`` is one graph under construction: SSA nodes with readable value names and the
layer objects its call_module nodes apply. The functional API records into one shared trace;
``extract`` keeps what lies between the model's inputs and outputs.
"""
from __future__ import annotations

import keyword
import re

from ...catalog import registry
from ...ir.graph import Graph, Module, Node
from ...ir.types import TensorType
from .values import Tensor


class Trace:
    def __init__(self):
        self.nodes: list[Node] = []
        self.types: dict[str, TensorType] = {}
        self.callees: dict[str, object] = {}  # module name -> layer object or model-like
        self.module_names: dict[int, str] = {}  # id(object) -> module name in this trace
        self.variables: dict[str, tuple[str, ...]] = {}  # value -> the source variables holding it
        self._used: set[str] = set()
        self._next: dict[str, int] = {}  # base -> first suffix not yet tried

    def fresh(self, base: str) -> str:
        base = re.sub(r"\W", "_", base or "v").strip("_") or "v"
        if base[0].isdigit() or keyword.iskeyword(base):
            base = f"v_{base}"
        name, i = base, self._next.get(base, 1)
        while name in self._used:
            name, i = f"{base}_{i}", i + 1
        self._next[base] = i
        self._used.add(name)
        return name

    def hold(self, value: str, variable: str) -> None:
        """Record that ``variable`` holds ``value`` (``x = layers.Dense(8)(x)``, ``shortcut = x``;
        an input first holds its own name)."""
        producer = self.producer(value)
        held = self.variables.get(value) or ((value,) if producer is not None and producer.op == "input" else ())
        if variable not in held:
            self.variables[value] = (*held, variable)

    def add(self, node: Node) -> list[Tensor]:
        self.nodes.append(node)
        return [Tensor(v, self) for v in node.outputs]

    def input(self, hint: str, type_: TensorType | None, loc) -> Tensor:
        value = self.fresh(hint)
        if type_ is not None:
            self.types[value] = type_
        return self.add(Node("input", outputs=[value], loc=loc))[0]

    def producer(self, value: str) -> Node | None:
        return next((n for n in reversed(self.nodes) if value in n.outputs), None)

    def pieces(self, tensor: Tensor, names: list[str]) -> list[Tensor] | None:
        """``a, b = ops.split(x, 2)``: a split/chunk node (an indexing op other than x[i]) gets
        one output per unpacked name; None when ``tensor`` is no such result."""
        node = self.producer(tensor.value)
        if node is None or node.op != "call_op" or len(node.outputs) != 1:
            return None
        kind = registry.kind(node.target)
        if kind.family != "indexing" or kind.name == "getitem":
            return None
        self._used.discard(tensor.value)  # the statement's names replace the one-result name
        self._next.clear()  # a freed name may be the first free one again
        node.outputs = [self.fresh(name or f"{tensor.value}_{i}") for i, name in enumerate(names)]
        return [Tensor(v, self) for v in node.outputs]

    def module_name(self, obj, default: str) -> str:
        name = self.module_names.get(id(obj))
        if name is None:
            name = default
            while name in self.callees and self.callees[name] is not obj:
                name = f"{name}_"
            self.module_names[id(obj)] = name
        self.callees[name] = obj
        return name


def extract(trace: Trace, inputs: list[Tensor], outputs: list[Tensor], loc) -> tuple[Graph, dict[str, object]]:
    """The nodes between ``inputs`` and ``outputs`` (in recording order) and the callees they use."""
    producers = {v: n for n in trace.nodes for v in n.outputs if v}
    wanted = {t.value for t in inputs}
    needed: set[int] = set()
    stack = [t.value for t in outputs]
    while stack:
        value = stack.pop()
        node = producers.get(value)
        if node is None or id(node) in needed:
            continue
        needed.add(id(node))
        if value not in wanted:
            stack.extend(node.inputs)
    input_nodes = [producers[t.value] for t in inputs]
    body = [n for n in trace.nodes if id(n) in needed and n.op != "input"]
    nodes = input_nodes + body + [Node("output", inputs=[t.value for t in outputs], loc=loc)]
    values = {v for n in nodes for v in n.outputs}
    types = {v: t for v, t in trace.types.items() if v in values and producers[v].op in ("input", "constant")}
    callees = {n.target: trace.callees[n.target] for n in body if n.op == "call_module"}
    variables = {v: name for v, name in trace.variables.items() if v in values}
    return Graph(nodes, types, variables), callees


def unreached(trace: Trace, inputs: list[Tensor], outputs: list[Tensor]) -> list[Node]:
    """Input nodes an output depends on that are not among the model inputs."""
    given = {t.value for t in inputs}
    return [n for n in reached_inputs(trace, outputs) if n.outputs[0] not in given]


def reached_inputs(trace: Trace, outputs: list[Tensor]) -> list[Node]:
    """The input nodes ``outputs`` depend on, in the order first reached."""
    producers = {v: n for n in trace.nodes for v in n.outputs if v}
    found, seen, stack = [], set(), [t.value for t in outputs]
    while stack:
        node = producers.get(stack.pop())
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if node.op == "input":
            found.append(node)
        stack.extend(node.inputs)
    return found


__all__ = ["Module", "Trace", "extract", "unreached"]
